from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PUPIL_IMPORT_MAX_BYTES = 2 * 1024 * 1024
SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}


class PupilImportForm(forms.Form):
    file = forms.FileField(
        label=_("Pupil list (CSV)"),
        help_text=_(
            "The export from the student administration, at most 2 MB. The first row names the "
            "columns leerlingnummer, voornaam, tussenvoegsel, achternaam and groep."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size > PUPIL_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s is allowed. Upload the CSV export only.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(PUPIL_IMPORT_MAX_BYTES),
                }
            )
        if PurePath(upload.name or "").suffix.lower() in SPREADSHEET_SUFFIXES:
            raise forms.ValidationError(
                _(
                    "This is a spreadsheet, not a CSV file. In your spreadsheet program choose "
                    "“Save as” → CSV and upload that file."
                )
            )
        return upload
