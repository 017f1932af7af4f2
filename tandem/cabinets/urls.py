from django.urls import path

from tandem.cabinets import views

app_name = "cabinets"
urlpatterns = [
    path("cabinets/", views.index, name="index"),
    path("cabinets/<int:pk>/", views.cabinet_detail, name="cabinet_detail"),
    path("cabinets/<int:pk>/meetings.ics", views.calendar, name="calendar"),
    path("cabinets/<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("cabinets/<int:pk>/topics/new/", views.topic_add, name="topic_add"),
    path("cabinets/rounds/<int:pk>/apply/", views.apply, name="apply"),
    path("cabinets/rounds/<int:pk>/selection/", views.selection, name="selection"),
    path("cabinets/rounds/<int:pk>/report.pdf", views.report, name="report"),
    path("cabinets/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "cabinets/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("cabinets/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("cabinets/terms/<int:pk>/renew/", views.term_renew, name="term_renew"),
    path("cabinets/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("cabinets/topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("cabinets/topics/<int:pk>/close/", views.topic_close, name="topic_close"),
]
