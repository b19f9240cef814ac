from django.urls import path

from confidential.views import inbox, public

app_name = "confidential"

urlpatterns = [
    path("melden/", public.report_new, name="report_new"),
    path("melden/bedankt/", public.report_thanks, name="report_thanks"),
    path("melden/opvolgen/", public.follow_up, name="follow_up"),
    path("melden/opvolgen/bericht/", public.follow_up_message, name="follow_up_message"),
    path("melden/opvolgen/toestemming/", public.follow_up_consent, name="follow_up_consent"),
    path("melden/opvolgen/klaar/", public.follow_up_done, name="follow_up_done"),
    path("vertrouwelijk/", inbox.inbox, name="inbox"),
    path("vertrouwelijk/<int:pk>/", inbox.report_detail, name="report_detail"),
    path("vertrouwelijk/<int:pk>/antwoord/", inbox.report_reply_view, name="report_reply"),
    path("vertrouwelijk/<int:pk>/notitie/", inbox.report_note_view, name="report_note"),
    path("vertrouwelijk/<int:pk>/status/", inbox.report_status_view, name="report_status"),
    path("vertrouwelijk/<int:pk>/doorgeven/", inbox.report_forward_view, name="report_forward"),
]
