"""Importing an office's category tree: whole or nothing, errors per row in Chinese, idempotent."""

import pytest
from django.core.management import call_command

from lianluo.casework import services
from lianluo.casework.models import Category
from lianluo.core.errors import PermissionDeniedError
from lianluo.core.models import AuditEvent
from lianluo.regions.models import Region

pytestmark = pytest.mark.django_db

GOOD = ("一级分类,二级分类,三级分类\n城乡建设,安全生产,事故处理\n城乡建设,安全生产,安全隐患\n"
        "城乡建设,城乡规划,违章建筑\n民政,,\n")


@pytest.fixture
def town():
    return Region.objects.get(code="430121105")


def test_good_file_builds_the_tree(town):
    report = services.category_import(region=town, data=GOOD.encode())
    assert report.ok and report.created == 7
    tree = {c.code: (c.name, c.depth, c.parent.code if c.parent else None)
            for c in Category.objects.filter(region=town)}
    assert tree["01"] == ("城乡建设", 1, None)
    assert tree["0101"] == ("安全生产", 2, "01")
    assert tree["010102"] == ("安全隐患", 3, "0101")
    assert tree["02"] == ("民政", 1, None)
    assert AuditEvent.objects.filter(action="category.import", object_id="430121105").count() == 1


def test_import_is_idempotent_and_only_adds_what_is_missing(town):
    services.category_import(region=town, data=GOOD.encode())
    again = services.category_import(region=town, data=GOOD.encode())
    assert again.ok and again.created == 0
    more = services.category_import(region=town, data=(GOOD + "民政,社会救助,低保\n").encode())
    assert more.created == 2
    assert Category.objects.get(region=town, name="低保").code == "020101"


def test_bad_rows_are_reported_in_chinese_and_nothing_is_written(town):
    bad = ("一级分类,二级分类,三级分类\n城乡建设,,事故处理\n" + "交通运输," + "长" * 51
           + ",\n城乡建设,安全生产,事故处理\n")
    before = Category.objects.count()
    report = services.category_import(region=town, data=bad.encode())
    assert not report.ok
    messages = [str(e) for e in report.errors]
    assert messages[0] == "第 2 行，二级分类：不能为空（下级分类须有上级分类）"
    assert "第 3 行，二级分类：不能超过 50 个字符" in messages
    assert Category.objects.count() == before


def test_empty_file_and_gb18030_file(town):
    assert str(services.category_import(region=town, data=b"").errors[0]).startswith("第 1 行，文件")
    report = services.category_import(region=town, data="一级分类,二级分类\n环境保护,噪音污染\n".encode("gb18030"))
    assert report.ok and Category.objects.filter(region=town, name="噪音污染").exists()


def test_only_the_offices_liaison_staff_may_import(town, cast):
    with pytest.raises(PermissionDeniedError):
        services.category_import(region=town, data=GOOD.encode(), actor=cast("xs_zhanzhang"))
    assert services.category_import(region=town, data=GOOD.encode(), actor=cast("csx_lianluo")).ok


def test_taxonomy_file_format_imports(town, tmp_path):
    """The office's CSV in the 一级分类,二级分类,三级分类 layout, through the console command."""
    path = tmp_path / "taxonomy.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    call_command("casework", "import-categories", str(path), "--region", "430121105")
    assert Category.objects.filter(region=town).count() == 7


def test_category_page_imports_for_liaison_staff(signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in("csx_lianluo")
    page = client.get("/casework/categories/").content.decode()
    assert "物业管理" in page and "导入分类目录" in page
    upload = SimpleUploadedFile("t.csv", "一级分类,二级分类\n城乡建设,电梯安全\n".encode(), content_type="text/csv")
    response = client.post("/casework/categories/", {"office": "430121", "file": upload})
    assert response.status_code == 302
    assert Category.objects.filter(region_id="430121", name="电梯安全", parent__name="城乡建设").exists()
    bad = SimpleUploadedFile("t.csv", "一级分类,二级分类\n,电梯\n".encode(), content_type="text/csv")
    response = client.post("/casework/categories/", {"office": "430121", "file": bad})
    assert response.status_code == 400 and "第 2 行" in response.content.decode()
    assert "导入分类目录" not in signed_in("csx_daibiao").get("/casework/categories/").content.decode()
