"""The URLs of the `cases` app (namespace "cases"), gathered from its domain packages."""

from cases.incidents.urls import urlpatterns as incidents_urls
from cases.privacy.urls import urlpatterns as privacy_urls
from cases.pupils.urls import urlpatterns as pupils_urls
from cases.reminders.urls import urlpatterns as reminders_urls
from cases.school.urls import urlpatterns as school_urls
from cases.stappenplan.urls import urlpatterns as stappenplan_urls
from cases.visibility.urls import urlpatterns as visibility_urls

app_name = "cases"

urlpatterns = [
    *incidents_urls,
    *visibility_urls,
    *school_urls,
    *reminders_urls,
    *stappenplan_urls,
    *pupils_urls,
    *privacy_urls,
]
