"""The office's bulk import of a session's suggestions from Excel: the form, the blank template, the error report.

As for rosters (deputies: roster_import): the upload is checked whole; with any bad row nothing is written and the
row-by-row problems are shown on the page and kept in the session for the error report download.
"""

from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lianluo.core.errors import PermissionDeniedError
from lianluo.deputies.roster_io import RowError
from lianluo.proposals import importer, permissions, selectors
from lianluo.proposals.services.imports import suggestions_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_ERRORS_SESSION_KEY = "proposals:import_errors"
SHOWN_ERRORS = 200


class SuggestionImportForm(forms.Form):
    session = forms.TypedChoiceField(label="会议", coerce=int,
                                     error_messages={"invalid_choice": "所选会议不在可选范围内，请重新选择"})
    file = forms.FileField(label="建议汇总表（.xlsx）",
                           help_text="按导入模板填写：标题、领衔代表、内容必填；全部无误才会导入。")
    accept = forms.BooleanField(label="导入后直接审核立案并编号", required=False,
                                help_text="不勾选时，导入的建议为“待审核”，由工作人员逐件审核。")

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "请选择"), *[(s.pk, str(s)) for s in sessions]]
        self.fields["file"].widget.attrs["accept"] = ".xlsx"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _require_office(user) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_import(request):
    user = request.user
    _require_office(user)
    sessions = selectors.import_sessions(user=user)
    form = SuggestionImportForm(request.POST or None, request.FILES or None, sessions=sessions)
    report, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            session = next(s for s in sessions if s.pk == form.cleaned_data["session"])
            upload = form.cleaned_data["file"]
            if upload.size > importer.MAX_FILE_BYTES:
                form.add_error("file", f"文件过大（超过 {importer.MAX_FILE_BYTES // 1024 // 1024} MB），请分批导入。")
            else:
                try:
                    report = suggestions_import(session=session, data=upload.read(), actor=user,
                                                accept=form.cleaned_data["accept"])
                except PermissionDeniedError:
                    raise PermissionDenied from None
                request.session[IMPORT_ERRORS_SESSION_KEY] = [[e.row, e.column, e.message] for e in report.errors]
                if report.ok:
                    status = 200
    return render(request, "proposals/suggestion_import.html", {
        "form": form, "report": report, "shown_errors": report.errors[:SHOWN_ERRORS] if report else [],
        "more_errors": len(report.errors) > SHOWN_ERRORS if report else False,
    }, status=status)


@login_required
def suggestion_import_template(request):
    _require_office(request.user)
    return _xlsx(importer.template_xlsx(), "代表建议导入模板.xlsx")


@login_required
def suggestion_import_report(request):
    _require_office(request.user)
    stored = request.session.get(IMPORT_ERRORS_SESSION_KEY) or []
    errors = [RowError(row, column, message) for row, column, message in stored]
    return _xlsx(importer.error_report_xlsx(errors), "代表建议导入错误报告.xlsx")
