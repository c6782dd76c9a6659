# encoding: utf-8

from rest_framework import generics, mixins, status
from django.http import JsonResponse

from api.models import UserRequestHistory
from api.serializers import UserRequestHistorySerializer

from api.clients import StockServiceClient


class StockView(mixins.RetrieveModelMixin, generics.GenericAPIView):

    serializer_class = UserRequestHistorySerializer

    def get(self, request, *args, **kwargs):

        client = StockServiceClient()
        stock_code = request.query_params.get("q")
        data = client.get(stock_code)
        if "detail" in data:
            return JsonResponse(data, status=status.HTTP_404_NOT_FOUND)
        serializer = self.get_serializer(data=data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return JsonResponse(serializer.data)
