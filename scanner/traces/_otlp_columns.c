/* The columns servicemap reads of a binary OTLP ExportTraceServiceRequest, in one pass.
 *
 * The pure-Python path (scanner/traces/proto_batch.py) parses a request with protobuf's
 * upb and then reads each field of each span through a Python wrapper: about 175 ns a
 * field, nine fields a span, which was half the time of an ingest. This module walks the
 * same wire format once and builds the columns directly. It reads exactly what the lean
 * class of scanner/traces/lean_proto.py declares, with the same rules (last occurrence of
 * a singular field wins, repeated fields keep their order, a repeated singular message
 * merges, other fields are skipped with their framing checked), and declines anything it
 * is not sure of (groups, a known field with another wire type, a varint over ten bytes,
 * field number 0, no resource spans): it then returns None and the caller takes the upb
 * path, which parses or reports the error as before. The tests compare both paths on
 * generated, real and mutated requests.
 *
 * Never trust a length: every read is bounds-checked against the end of its message.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define VERSION 1
#define MAX_ATTRS_ON_STACK 32

typedef struct {
    const uint8_t *ptr;
    Py_ssize_t len;
} Slice;

typedef struct {
    PyObject *trace_ids, *span_ids, *parent_ids, *kinds, *starts, *ends, *statuses, *items;
    PyObject *groups;          /* (resource attributes, span count) per ResourceSpans */
    PyObject *traces;          /* trace id bytes -> itself: one object per trace */
    PyObject *kvs;             /* raw KeyValue -> itself */
    PyObject *sets;            /* encoded attribute set -> tuple of raw KeyValues */
    PyObject *status_values;   /* raw Status -> itself */
    PyObject *empty;           /* b"" */
    int links;
} State;

enum { OK = 0, DECLINE = 1, END = 2, FAIL = -1 }; /* FAIL: a Python exception is set */

/* -- wire format ------------------------------------------------------------------- */
static int read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (*p >= end)
            return DECLINE;
        uint8_t byte = *(*p)++;
        if (shift == 63 && byte > 1)
            return DECLINE; /* over 64 bits */
        value |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *out = value;
            return OK;
        }
    }
    return DECLINE;
}

/* The next field's number and wire type; DECLINE at a malformed tag. */
static int read_tag(const uint8_t **p, const uint8_t *end, uint32_t *field, int *wire)
{
    uint64_t tag;
    if (read_varint(p, end, &tag) != OK || tag > UINT32_MAX || (tag >> 3) == 0)
        return DECLINE;
    *field = (uint32_t)(tag >> 3);
    *wire = (int)(tag & 7);
    return OK;
}

static int read_len(const uint8_t **p, const uint8_t *end, Slice *out)
{
    uint64_t len;
    if (read_varint(p, end, &len) != OK || len > (uint64_t)(end - *p))
        return DECLINE;
    out->ptr = *p;
    out->len = (Py_ssize_t)len;
    *p += len;
    return OK;
}

/* Skip a field servicemap does not read, checking its framing; groups are declined. */
static int skip(const uint8_t **p, const uint8_t *end, int wire)
{
    uint64_t ignored;
    Slice slice;
    switch (wire) {
    case 0:
        return read_varint(p, end, &ignored);
    case 1:
        if (end - *p < 8)
            return DECLINE;
        *p += 8;
        return OK;
    case 2:
        return read_len(p, end, &slice);
    case 5:
        if (end - *p < 4)
            return DECLINE;
        *p += 4;
        return OK;
    default:
        return DECLINE;
    }
}

/* The next length-delimited field of the message whose number is in `wanted` (a bit per
 * number under 32), skipping the others: OK with its number and payload, END at the end of
 * the message, DECLINE at anything malformed or a wanted field of another wire type. */
static int next_wanted(const uint8_t **p, const uint8_t *end, uint32_t wanted,
                       uint32_t *field, Slice *payload)
{
    while (*p < end) {
        int wire;
        if (read_tag(p, end, field, &wire) != OK)
            return DECLINE;
        if (*field < 32 && (wanted >> *field & 1))
            return wire == 2 ? read_len(p, end, payload) : DECLINE;
        if (skip(p, end, wire) != OK)
            return DECLINE;
    }
    return END;
}

static uint64_t read_fixed64(const uint8_t *p)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; i--)
        value = value << 8 | p[i];
    return value;
}

/* -- objects ---------------------------------------------------------------------------- */
/* The one object equal to these bytes in `table` (added when new); a new reference. */
static PyObject *interned(PyObject *table, const uint8_t *ptr, Py_ssize_t len)
{
    PyObject *key = PyBytes_FromStringAndSize((const char *)ptr, len);
    if (key == NULL)
        return NULL;
    PyObject *found = PyDict_SetDefault(table, key, key);
    Py_XINCREF(found);
    Py_DECREF(key);
    return found;
}

static int append_new(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return FAIL;
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    return failed ? FAIL : OK;
}

static Py_ssize_t varint_size(Py_ssize_t value)
{
    Py_ssize_t size = 1;
    while (value >= 0x80) {
        value >>= 7;
        size++;
    }
    return size;
}

/* A span's attribute set as one tuple of raw KeyValue encodings, one object per distinct
 * set: the key is the encodings with their lengths, so sets that split alike match. */
static PyObject *attribute_set(State *st, const Slice *attrs, Py_ssize_t n)
{
    if (n == 0)
        return PyTuple_New(0);
    Py_ssize_t size = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        size += varint_size(attrs[i].len) + attrs[i].len;
    PyObject *key = PyBytes_FromStringAndSize(NULL, size);
    if (key == NULL)
        return NULL;
    uint8_t *out = (uint8_t *)PyBytes_AS_STRING(key);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t len = attrs[i].len;
        while (len >= 0x80) {
            *out++ = (uint8_t)(len | 0x80);
            len >>= 7;
        }
        *out++ = (uint8_t)len;
        memcpy(out, attrs[i].ptr, attrs[i].len);
        out += attrs[i].len;
    }
    PyObject *found = PyDict_GetItemWithError(st->sets, key);
    if (found != NULL) {
        Py_DECREF(key);
        Py_INCREF(found);
        return found;
    }
    PyObject *set = NULL;
    if (!PyErr_Occurred() && (set = PyTuple_New(n)) != NULL) {
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *kv = interned(st->kvs, attrs[i].ptr, attrs[i].len);
            if (kv == NULL) {
                Py_CLEAR(set);
                break;
            }
            PyTuple_SET_ITEM(set, i, kv);
        }
        if (set != NULL && PyDict_SetItem(st->sets, key, set) < 0)
            Py_CLEAR(set);
    }
    Py_DECREF(key);
    return set;
}

/* -- messages --------------------------------------------------------------------------- */
typedef struct {
    Slice trace_id, span_id, parent_id, status;
    int32_t kind;
    uint64_t start, end;
    Py_ssize_t link_len; /* of the last link; -1: none */
    Slice *attrs;
    Py_ssize_t n_attrs, cap_attrs;
} SpanFields;

static int add_attribute(SpanFields *span, Slice *on_stack, Slice value)
{
    if (span->n_attrs == span->cap_attrs) {
        Py_ssize_t cap = span->cap_attrs * 2;
        Slice *grown;
        if (span->attrs == on_stack) {
            grown = PyMem_Malloc(cap * sizeof(Slice));
            if (grown != NULL)
                memcpy(grown, on_stack, span->n_attrs * sizeof(Slice));
        } else {
            grown = PyMem_Realloc(span->attrs, cap * sizeof(Slice));
        }
        if (grown == NULL) {
            PyErr_NoMemory();
            return FAIL;
        }
        span->attrs = grown;
        span->cap_attrs = cap;
    }
    span->attrs[span->n_attrs++] = value;
    return OK;
}

static int read_span_fields(const uint8_t *p, const uint8_t *end, SpanFields *span,
                            Slice *on_stack)
{
    while (p < end) {
        uint32_t field;
        int wire, rc;
        Slice slice;
        if (read_tag(&p, end, &field, &wire) != OK)
            return DECLINE;
        switch (field) {
        case 1: case 2: case 4: case 9: case 13: case 15: /* length-delimited */
            if (wire != 2 || read_len(&p, end, &slice) != OK)
                return DECLINE;
            if (field == 1)
                span->trace_id = slice;
            else if (field == 2)
                span->span_id = slice;
            else if (field == 4)
                span->parent_id = slice;
            else if (field == 13)
                span->link_len = slice.len;
            else if (field == 15)
                span->status = slice;
            else if ((rc = add_attribute(span, on_stack, slice)) != OK)
                return rc;
            break;
        case 6: {
            uint64_t kind;
            if (wire != 0 || read_varint(&p, end, &kind) != OK)
                return DECLINE;
            span->kind = (int32_t)(uint32_t)kind;
            break;
        }
        case 7: case 8:
            if (wire != 1 || end - p < 8)
                return DECLINE;
            *(field == 7 ? &span->start : &span->end) = read_fixed64(p);
            p += 8;
            break;
        default:
            if (skip(&p, end, wire) != OK)
                return DECLINE;
        }
    }
    return OK;
}

static PyObject *bytes_of(Slice slice, PyObject *empty)
{
    if (slice.len == 0) {
        Py_INCREF(empty);
        return empty;
    }
    return PyBytes_FromStringAndSize((const char *)slice.ptr, slice.len);
}

/* One object per distinct value (trace ids repeat in a request, statuses a lot). */
static PyObject *interned_or_empty(State *st, PyObject *table, Slice slice)
{
    if (slice.len == 0) {
        Py_INCREF(st->empty);
        return st->empty;
    }
    return interned(table, slice.ptr, slice.len);
}

static int add_span(State *st, const uint8_t *p, const uint8_t *end)
{
    Slice on_stack[MAX_ATTRS_ON_STACK];
    SpanFields span = {{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, 0, 0, 0, -1,
                       on_stack, 0, MAX_ATTRS_ON_STACK};
    int rc = read_span_fields(p, end, &span, on_stack);
    if (rc == OK
        && (append_new(st->trace_ids, interned_or_empty(st, st->traces, span.trace_id)) != OK
            || append_new(st->span_ids, bytes_of(span.span_id, st->empty)) != OK
            || append_new(st->parent_ids, bytes_of(span.parent_id, st->empty)) != OK
            || append_new(st->kinds, PyLong_FromLong(span.kind)) != OK
            || append_new(st->starts, PyLong_FromUnsignedLongLong(span.start)) != OK
            || append_new(st->ends, PyLong_FromUnsignedLongLong(span.end)) != OK
            || append_new(st->statuses, interned_or_empty(st, st->status_values, span.status))
                   != OK
            || append_new(st->items, attribute_set(st, span.attrs, span.n_attrs)) != OK))
        rc = FAIL;
    if (rc == OK && span.link_len > 0)
        st->links = 1;
    if (span.attrs != on_stack)
        PyMem_Free(span.attrs);
    return rc;
}

static int add_scope_spans(State *st, const uint8_t *p, const uint8_t *end, Py_ssize_t *count)
{
    uint32_t field;
    Slice span;
    int rc;
    while ((rc = next_wanted(&p, end, 1u << 2, &field, &span)) == OK) {
        if ((rc = add_span(st, span.ptr, span.ptr + span.len)) != OK)
            return rc;
        (*count)++;
    }
    return rc == END ? OK : rc;
}

/* Resource attributes (field 1 of Resource), appended: a resource given twice merges. */
static int add_resource(const uint8_t *p, const uint8_t *end, PyObject *attributes)
{
    uint32_t field;
    Slice raw;
    int rc;
    while ((rc = next_wanted(&p, end, 1u << 1, &field, &raw)) == OK)
        if (append_new(attributes, PyBytes_FromStringAndSize((const char *)raw.ptr, raw.len))
            != OK)
            return FAIL;
    return rc == END ? OK : rc;
}

static int add_resource_spans(State *st, const uint8_t *p, const uint8_t *end)
{
    PyObject *attributes = PyList_New(0);
    if (attributes == NULL)
        return FAIL;
    Py_ssize_t count = 0;
    uint32_t field;
    Slice part;
    int rc;
    while ((rc = next_wanted(&p, end, 1u << 1 | 1u << 2, &field, &part)) == OK) {
        const uint8_t *part_end = part.ptr + part.len;
        rc = field == 1 ? add_resource(part.ptr, part_end, attributes)
                        : add_scope_spans(st, part.ptr, part_end, &count);
        if (rc != OK)
            break;
    }
    if (rc == END) {
        PyObject *group = Py_BuildValue("(Nn)", PyList_AsTuple(attributes), count);
        rc = append_new(st->groups, group);
    }
    Py_DECREF(attributes);
    return rc;
}

static int read_request(State *st, const uint8_t *p, const uint8_t *end)
{
    uint32_t field;
    Slice resource_spans;
    int rc, seen = 0;
    while ((rc = next_wanted(&p, end, 1u << 1, &field, &resource_spans)) == OK) {
        if ((rc = add_resource_spans(st, resource_spans.ptr,
                                     resource_spans.ptr + resource_spans.len)) != OK)
            return rc;
        seen = 1;
    }
    return rc != END ? rc : seen ? OK : DECLINE;
}

/* -- module ----------------------------------------------------------------------------- */
static void clear_state(State *st)
{
    Py_CLEAR(st->trace_ids);
    Py_CLEAR(st->span_ids);
    Py_CLEAR(st->parent_ids);
    Py_CLEAR(st->kinds);
    Py_CLEAR(st->starts);
    Py_CLEAR(st->ends);
    Py_CLEAR(st->statuses);
    Py_CLEAR(st->items);
    Py_CLEAR(st->groups);
    Py_CLEAR(st->traces);
    Py_CLEAR(st->kvs);
    Py_CLEAR(st->sets);
    Py_CLEAR(st->status_values);
    Py_CLEAR(st->empty);
}

PyDoc_STRVAR(columns_doc,
"columns(data: bytes) -> tuple | None\n\n"
"The columns of a binary ExportTraceServiceRequest: (trace_ids, span_ids, parent_ids,\n"
"kinds, starts, ends, statuses, attribute sets, resource groups, has links, distinct\n"
"attribute sets, distinct statuses); None when the request is one to leave to upb.");

static PyObject *columns(PyObject *module, PyObject *arg)
{
    (void)module;
    char *data;
    Py_ssize_t size;
    if (PyBytes_AsStringAndSize(arg, &data, &size) < 0)
        return NULL;
    State st = {0};
    PyObject **lists[] = {&st.trace_ids, &st.span_ids, &st.parent_ids, &st.kinds, &st.starts,
                          &st.ends, &st.statuses, &st.items, &st.groups};
    PyObject **dicts[] = {&st.traces, &st.kvs, &st.sets, &st.status_values};
    int rc = OK;
    for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++)
        if ((*lists[i] = PyList_New(0)) == NULL)
            rc = FAIL;
    for (size_t i = 0; i < sizeof(dicts) / sizeof(*dicts); i++)
        if ((*dicts[i] = PyDict_New()) == NULL)
            rc = FAIL;
    if ((st.empty = PyBytes_FromStringAndSize(NULL, 0)) == NULL)
        rc = FAIL;
    if (rc == OK)
        rc = read_request(&st, (const uint8_t *)data, (const uint8_t *)data + size);
    PyObject *result = NULL;
    if (rc == OK) {
        result = Py_BuildValue("(OOOOOOOOOONN)", st.trace_ids, st.span_ids, st.parent_ids,
                               st.kinds, st.starts, st.ends, st.statuses, st.items, st.groups,
                               st.links ? Py_True : Py_False, PyDict_Values(st.sets),
                               PyDict_Keys(st.status_values));
    } else if (rc == DECLINE) {
        result = Py_NewRef(Py_None);
    }
    clear_state(&st);
    return result;
}

static PyMethodDef methods[] = {
    {"columns", columns, METH_O, columns_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_otlp_columns",
    "Columns of binary OTLP trace requests, read in one pass (see columns).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__otlp_columns(void)
{
    PyObject *module = PyModule_Create(&module_def);
    if (module != NULL && PyModule_AddIntConstant(module, "VERSION", VERSION) < 0)
        Py_CLEAR(module);
    return module;
}
