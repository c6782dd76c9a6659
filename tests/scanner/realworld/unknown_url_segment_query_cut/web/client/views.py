import json

import requests
from django.core.urlresolvers import reverse
from django.http import HttpResponseRedirect
from django.shortcuts import render, redirect

BASE_API = 'http://exp-api:8000/v1/'  # in docker VM, but in root computer, it's localhost:8002/v1/


def get_user_detail(request, pk):
    response = requests.get(BASE_API + 'users/' + pk + '/')
    try:
        data = response.json()['data']
        return render(request, 'list_user.html', {'user_list': data})
    except:
        return render(request, 'list_user.html')


def login_required(f):
    def wrap(request, *args, **kwargs):
        next_url = reverse('index')
        response = HttpResponseRedirect(next_url)
        auth = request.COOKIES.get("auth")
        if auth:
            response = requests.get('http://exp-api:8000/api/v1/authenticate/' + str(auth)).json()
            if response['status'] == 200:
                return f(request, *args, **kwargs)
        return response

    return wrap


def carpool_items(request):
    carpool = json.loads(request.body)
    items = requests.get(f"http://exp-api:8000/v1/carpools/{carpool['pk']}/passengers").json()
    return render(request, 'list_user.html', {'user_list': items['data']})
