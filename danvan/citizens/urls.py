"""Officer-side pages of the citizens app (namespace "citizens"); the public portal and Open311 have their own."""

from danvan.citizens import petition_urls, reception_urls

app_name = "citizens"
urlpatterns = [*petition_urls.urlpatterns, *reception_urls.urlpatterns]
