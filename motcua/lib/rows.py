"""Writing one row without compiling its SQL each time.

``Model.save()`` and ``QuerySet.update()`` build their statement anew for every row:
they quote every column, ask every field and value whether it is an expression, and
assemble the text. For the rows a busy counter writes several times a second (a
dossier has some fifty columns) that is a large part of the cost of the write.
``insert`` and ``update`` keep the statement of each model (and set of columns) and
only convert the values, as ``save`` does: ``Field.pre_save`` (``auto_now_add``,
``auto_now``), then ``Field.get_db_prep_save``.

Neither sends ``pre_save``/``post_save``: for a model with receivers, a multi-table
child, or a model with database-computed columns (``db_default``, ``GeneratedField``),
both fall back to ``save``. ``insert`` does not call the model's own ``save()``
either (use it for rows whose ``save()`` adds nothing to a new row); ``update`` falls
back to the model's ``save()`` whenever the model has one, so a model that forbids
changes (``dossiers.Event``) still refuses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connections, router
from django.db.models import NOT_PROVIDED, Model, signals

_INSERTS: dict[tuple[type[Model], str], tuple[str, list, bool]] = {}
_UPDATES: dict[tuple[type[Model], str, tuple[str, ...]], tuple[str, list]] = {}


@cache
def _simple_columns(model: type[Model]) -> bool:
    meta = model._meta
    return (
        meta.auto_field is not None
        and not meta.parents
        and not any(
            getattr(f, "generated", False) or f.db_default is not NOT_PROVIDED
            for f in meta.local_concrete_fields
        )
    )


def _plain(model: type[Model]) -> bool:
    return (
        _simple_columns(model)
        and not signals.pre_save.has_listeners(model)
        and not signals.post_save.has_listeners(model)
    )


def _insert_statement(model: type[Model], alias: str) -> tuple[str, list, bool]:
    key = (model, alias)
    if key not in _INSERTS:
        connection = connections[alias]
        meta = model._meta
        quote = connection.ops.quote_name
        fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
        returning = connection.features.can_return_columns_from_insert
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        if returning:
            sql += f" RETURNING {quote(meta.pk.column)}"
        _INSERTS[key] = (sql, fields, returning)
    return _INSERTS[key]


def insert(obj: Model) -> None:
    """Insert ``obj`` as a new row and set its primary key: ``obj.save(force_insert=True)``
    (which it calls for a row whose key is already set: the kept statement has no key)."""
    model = type(obj)
    if obj.pk is not None or not _plain(model):
        obj.save(force_insert=True)
        return
    meta = model._meta
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    sql, fields, returning = _insert_statement(model, alias)
    # Rows built before their parent was saved take its key now, as save() does.
    obj._prepare_related_fields_for_save(operation_name="save")
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            pk = cursor.fetchone()[0]
        else:
            pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    setattr(obj, meta.auto_field.attname, pk)
    obj._state.adding = False
    obj._state.db = alias


def _update_statement(model: type[Model], alias: str, names: tuple[str, ...]) -> tuple[str, list]:
    key = (model, alias, names)
    if key not in _UPDATES:
        connection = connections[alias]
        meta = model._meta
        quote = connection.ops.quote_name
        fields = [meta.get_field(name) for name in names]
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            quote(meta.db_table),
            ", ".join(f"{quote(f.column)} = %s" for f in fields),
            quote(meta.pk.column),
        )
        _UPDATES[key] = (sql, fields)
    return _UPDATES[key]


def update(obj: Model, names: Sequence[str]) -> None:
    """Write the columns ``names`` of a saved ``obj``: ``obj.save(update_fields=names)``
    (an ``auto_now`` column only when named), without the check that the row exists."""
    model = type(obj)
    if not _plain(model) or model.save is not Model.save:
        obj.save(update_fields=names)
        return
    alias = obj._state.db or router.db_for_write(model, instance=obj)
    connection = connections[alias]
    sql, fields = _update_statement(model, alias, tuple(names))
    params = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
    params.append(model._meta.pk.get_db_prep_value(obj.pk, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
