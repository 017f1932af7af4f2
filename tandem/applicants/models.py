"""The applicant's side of hiring (issue 14, item 2): an account anyone may make, a profile
kept once and offered with every application, what each application held when it was sent,
and the equal-opportunity answers, kept apart from everyone's name."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.hiring.models import Application, Posting, PostingQuestion
from tandem.people.models import Person, User
from tandem.records.models import StoredFile


class ApplicantAccount(models.Model):
    """A sign-in made on the careers pages by the applicant themself. Such an account must
    confirm its e-mail address before it signs in, and sees only its own applications and the
    public pages, until a district employs the person or grants a role (``rules``)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="applicant_account")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.user)


class ProfileItem(models.Model):
    """What every part of the profile shares: whose it is. Each part keeps its history; only
    its owner reads the profile, and districts read the copy sent with an application."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Education(ProfileItem):
    institution = models.CharField(max_length=200)
    degree = models.CharField(max_length=100, help_text=_("Such as Master of Education."))
    field = models.CharField(_("field of study"), max_length=150)
    year = models.PositiveSmallIntegerField(_("year completed"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "institution"]
        verbose_name_plural = "education"

    def __str__(self):
        return f"{self.degree}, {self.field} ({self.institution}, {self.year})"


class Experience(ProfileItem):
    employer = models.CharField(max_length=200)
    role = models.CharField(max_length=150, help_text=_("Such as Grade 4 teacher."))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty if current."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="experience_ends_after_it_starts",
                violation_error_message=_("The end of an experience comes after its start."),
            )
        ]

    def __str__(self):
        return f"{self.role}, {self.employer}"


class Reference(ProfileItem):
    name = models.CharField(max_length=150)
    relation = models.CharField(max_length=150, help_text=_("Such as My principal, 2021-2024."))
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.relation})"


class Document(ProfileItem):
    """A résumé, transcript or letter, its file checked by content and size on upload
    (``records.files``). Removing it from the profile keeps the file for the applications
    already sent with it."""

    class Kind(models.TextChoices):
        RESUME = "resume", _("Résumé")
        TRANSCRIPT = "transcript", _("Transcript")
        LETTER = "letter", _("Letter")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class Submission(models.Model):
    """What the applicant sent with an application: the profile as it stood (``profile``, a
    copy, so later edits do not change what the district read), the documents and the answers.
    Confidential as the application is."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="submission"
    )
    profile = models.JSONField()
    documents = models.ManyToManyField(Document, related_name="+", blank=True)

    def __str__(self):
        return f"Submission of {self.application}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.application.confidential_owner()

    access_log_related = ("application__posting__vacancy",)

    def access_log_title(self) -> str:
        return self.application.access_log_title()

    def get_absolute_url(self) -> str:
        return self.application.get_absolute_url()


class Answer(models.Model):
    """The applicant's answer to one of the posting's own questions."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(PostingQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return self.text[:50]


class EqualOpportunityTally(models.Model):
    """How many of a posting's applicants gave each equal-opportunity answer.

    The answers are voluntary and must never reach anyone who decides on an application. So
    none is kept per applicant: at submission each answer adds one to its posting's count,
    and nothing else is written. There is no row for an applicant, hence no foreign key, token
    or time that anyone could follow from an application, or line up with one, to learn how
    its applicant answered; only these counts exist, and every page shows them through
    small-group suppression (``selectors.eeo_tables``). The cost is that an applicant cannot
    revise an answer later, and that the counts cannot be split by stage or outcome.
    """

    class Question(models.TextChoices):
        ETHNICITY_RACE = "ethnicity_race", _("Ethnicity and race")
        SEX = "sex", _("Sex")

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(max_length=20, choices=Question.choices)
    answer = models.CharField(max_length=30)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["posting", "question", "answer"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "question", "answer"], name="one_tally_per_answer"
            )
        ]

    def __str__(self):
        return f"{self.question} {self.answer}: {self.count}"
