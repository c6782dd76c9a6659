import json

import elasticsearch
from django.http import JsonResponse, QueryDict

es = elasticsearch.Elasticsearch([{'host': 'es', 'port': 9200}])


def search_carpools_by_query(request):
    if request.method == 'GET':
        keywords = request.GET.get('keywords')
        query = {'query': {'query_string': {'query': keywords}}, 'size': 10}
        try:
            res_json = es.search(index='main_index', body=query)
            return JsonResponse({'data': res_json['hits']}, status=200)
        except elasticsearch.ElasticsearchException as e:
            return JsonResponse({'detail': e.message}, status=400)
