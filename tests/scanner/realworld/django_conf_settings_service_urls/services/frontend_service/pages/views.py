import requests
from django.shortcuts import render
from django.conf import settings

AUTH_URL    = settings.AUTH_SERVICE_URL
CATALOG_URL = getattr(settings, 'CATALOG_SERVICE_URL', 'http://catalog_service:8002')


def _api(method, base_url, path, **kwargs):
    url     = f"{base_url}/{path.lstrip('/')}"
    headers = kwargs.pop('headers', {})
    headers.setdefault('Host', 'localhost')
    try:
        return requests.request(method, url, headers=headers, timeout=10, **kwargs)
    except Exception:
        return None


def _json(resp):
    if resp is None:
        return {}
    try:
        return resp.json()
    except Exception:
        return {}


def _auth(method, path, **kwargs):
    return _api(method, AUTH_URL, f'/api/auth/{path}', **kwargs)

def _catalog(method, path, **kwargs):
    return _api(method, CATALOG_URL, f'/api/catalog/{path}', **kwargs)


def home(request):
    featured = _json(_catalog('GET', 'books/?featured=1&page_size=4'))
    return render(request, 'pages/home.html', {'featured': featured})


def login(request):
    payload = {'email': request.POST.get('email', '').strip(),
               'password': request.POST.get('password', '')}
    resp = _auth('POST', 'login/', json=payload)
    return render(request, 'pages/login.html', {'data': _json(resp)})
