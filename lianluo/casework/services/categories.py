"""Importing an office's category tree (意见分类) from CSV."""


from django.db import transaction

from lianluo.casework.categories import CategoryImportReport, check_rows, read_csv
from lianluo.casework.models import Category
from lianluo.casework.permissions import can_import_categories
from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.regions.models import Region


def category_import(*, region: Region, data: bytes, actor=None):
    """Import the office's category tree from a CSV of paths (一级分类,二级分类,三级分类…): whole or nothing,
    idempotent (a path already present is left alone), errors per row in Chinese."""

    if actor is not None and not can_import_categories(actor, region.code):
        raise PermissionDeniedError("无权维护该人大的意见分类。")
    rows, errors = read_csv(data)
    report = CategoryImportReport(errors=errors)
    if errors:
        return report
    paths, errors = check_rows(rows)
    if errors:
        report.errors = errors
        return report
    with transaction.atomic():
        existing = {}
        for category in Category.objects.select_for_update().filter(region=region).order_by("depth", "id"):
            existing[(category.parent_id, category.name)] = category
        children_codes: dict = {}
        for category in existing.values():
            children_codes.setdefault(category.parent_id, []).append(category.code)
        for path in paths:
            parent = None
            for depth, name in enumerate(path, start=1):
                key = (parent.pk if parent else None, name)
                node = existing.get(key)
                if node is None:
                    siblings = children_codes.setdefault(key[0], [])
                    prefix = parent.code if parent else ""
                    used = {int(code[len(prefix):]) for code in siblings if code[len(prefix):].isdigit()}
                    number = max(used, default=0) + 1
                    if number > 99:
                        raise ServiceError(f"“{parent.name if parent else '第一级'}”下的分类超过 99 个")
                    node = Category.objects.create(region=region, parent=parent, code=f"{prefix}{number:02d}",
                                                   name=name, depth=depth, order=number)
                    siblings.append(node.code)
                    existing[key] = node
                    report.created += 1
                else:
                    report.unchanged += 1 if depth == len(path) else 0
                parent = node
        audit_record(action="category.import", actor=actor, object_type="casework.category",
                     object_id=region.code, object_label=f"{region.name}意见分类",
                     summary={"created": report.created, "rows": len(paths)})
    return report
