from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class GetPriceRequest(_message.Message):
    __slots__ = ("sku", "quantity")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    sku: str
    quantity: int
    def __init__(self, sku: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...

class GetPriceResponse(_message.Message):
    __slots__ = ("sku", "unit_price_cents", "currency", "discount_percent", "list_price_cents")
    SKU_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_CENTS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_PERCENT_FIELD_NUMBER: _ClassVar[int]
    LIST_PRICE_CENTS_FIELD_NUMBER: _ClassVar[int]
    sku: str
    unit_price_cents: int
    currency: str
    discount_percent: int
    list_price_cents: int
    def __init__(self, sku: _Optional[str] = ..., unit_price_cents: _Optional[int] = ..., currency: _Optional[str] = ..., discount_percent: _Optional[int] = ..., list_price_cents: _Optional[int] = ...) -> None: ...
