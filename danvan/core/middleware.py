from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Vietnamese unless the person chose another language (the language switch sets a cookie).

    The browser's Accept-Language is ignored on purpose: many civil servants run English-language browsers
    but expect the Vietnamese interface, and official wording must not depend on browser settings.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
