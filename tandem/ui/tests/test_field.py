"""The shared field template: a text field with a limit counts its characters (issue 11), so a
long reflection is not cut off at the limit without warning."""

from django import forms
from django.template.loader import render_to_string


class ReflectionForm(forms.Form):
    reflection = forms.CharField(widget=forms.Textarea, max_length=20_000, help_text="Say why.")
    title = forms.CharField(max_length=80, widget=forms.TextInput(attrs={"class": "wide"}))
    notes = forms.CharField(widget=forms.Textarea)


def _field(name, data=None):
    form = ReflectionForm(data)
    return render_to_string("ui/_field.html", {"field": form[name]})


def test_a_textarea_with_a_limit_renders_the_uswds_character_count_and_its_limit():
    html = _field("reflection")
    assert 'class="field usa-character-count"' in html
    assert 'class="usa-character-count__field"' in html
    assert 'maxlength="20000"' in html
    assert (
        '<p class="usa-character-count__message" id="id_reflection_info">Up to 20,000 characters.</p>'
        in html
    )
    assert 'aria-describedby="id_reflection_help id_reflection_info"' in html


def test_a_text_input_keeps_its_own_class_beside_the_counters():
    html = _field("title")
    assert 'class="wide usa-character-count__field"' in html
    assert "Up to 80 characters." in html


def test_a_field_without_a_limit_has_no_counter():
    html = _field("notes")
    assert "usa-character-count" not in html
    assert "aria-describedby" not in html


def test_an_error_is_named_after_the_limit():
    html = _field("title", {"title": "x" * 81, "reflection": "", "notes": ""})
    assert 'aria-describedby="id_title_info id_title_error"' in html
    assert 'aria-invalid="true"' in html
