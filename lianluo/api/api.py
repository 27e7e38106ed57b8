"""The JSON API under /api/v1/: URL wiring only; endpoints live in each app's api.py."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI, Swagger

from lianluo.api import errors
from lianluo.api.auth import AUTH

api = NinjaAPI(
    title="联络 Lianluo API",
    version="1.0.0",
    description="人大代表联络工作平台接口。与页面共用同一套服务和辖区范围；错误信息为中文并指明字段。",
    auth=AUTH,
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    docs_decorator=login_required,  # the schema is for signed-in users only (ASVS 13.4.5)
    openapi_url="/openapi.json",
    urls_namespace="api-1.0.0",
)
errors.install(api)

from lianluo.accounts.api import router as accounts_router  # noqa: E402
from lianluo.casework.api import router as casework_router  # noqa: E402
from lianluo.core.api import router as audit_router  # noqa: E402
from lianluo.deputies.api import router as deputies_router  # noqa: E402
from lianluo.proposals.api import router as proposals_router  # noqa: E402
from lianluo.regions.api import router as regions_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/", regions_router)
api.add_router("/", deputies_router)
api.add_router("/", audit_router)
api.add_router("/", casework_router)
api.add_router("/", "lianluo.stations.api.router")
api.add_router("/", proposals_router)
