"""Accounts, their role assignments over regions, login throttling and API tokens."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lianluo.accounts.roles import ADMIN_ROLES, UNIT_ROLES, Role
from lianluo.core.fields import EncryptedTextField, blind_index
from lianluo.core.masking import mask_mobile


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(username=username)


class User(AbstractBaseUser):
    """A person who signs in. There is no superuser: every power comes from an Assignment."""

    username = models.CharField("用户名", max_length=64, unique=True)
    full_name = models.CharField("姓名", max_length=50)
    mobile = EncryptedTextField("手机号码", purpose="mobile", blank=True)
    mobile_index = models.CharField(max_length=64, blank=True, editable=False)
    is_active = models.BooleanField("启用", default=True)
    must_change_password = models.BooleanField("须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    totp_secret = EncryptedTextField("动态口令密钥", purpose="totp", blank=True)
    totp_confirmed_at = models.DateTimeField("动态口令绑定时间", null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    home_region = models.ForeignKey(
        "regions.Region", verbose_name="所属辖区", on_delete=models.PROTECT, related_name="+",
        help_text="账户归属的辖区，决定哪些管理员可以管理它。",
    )
    date_joined = models.DateTimeField("创建时间", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["username"]
        verbose_name = "账户"
        constraints = [
            models.UniqueConstraint(fields=["mobile_index"], condition=~Q(mobile_index=""), name="user_mobile_unique"),
        ]

    def __str__(self):
        return f"{self.full_name}（{self.username}）"

    def save(self, *args, **kwargs):
        # The blind index is derived from this row's own mobile number; keep them in step.
        self.mobile_index = blind_index(self.mobile, purpose="mobile")
        if kwargs.get("update_fields") is not None and "mobile" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "mobile_index"}
        super().save(*args, **kwargs)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def totp_enabled(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(a.role for a in self.active_assignments())
            self._role_cache = cached
        return cached

    def active_assignments(self) -> list["Assignment"]:
        cached = getattr(self, "_assignment_cache", None)
        if cached is None:
            cached = list(self.assignments.select_related("region", "organisation"))
            self._assignment_cache = cached
        return cached

    @property
    def is_administrator(self) -> bool:
        return bool(self.role_set() & ADMIN_ROLES)


class Assignment(models.Model):
    """A role held over a region (and everything below it), and for unit roles an organisation."""

    user = models.ForeignKey(User, verbose_name="账户", on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    region = models.ForeignKey("regions.Region", verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "regions.Organisation", verbose_name="单位", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField("授权时间", default=timezone.now)
    granted_by = models.ForeignKey(
        User, verbose_name="授权人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="assignment_unique"),
            # At most one administrator role per person (等保 8.1.4.2 d, SECURITY.md A6).
            models.UniqueConstraint(
                fields=["user"], condition=Q(role__in=sorted(ADMIN_ROLES)), name="assignment_one_admin_role"
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(UNIT_ROLES)) | Q(organisation__isnull=False),
                name="assignment_unit_role_has_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} @ {self.region_id}"

    @property
    def level_label(self) -> str:
        return self.region.get_level_display()


class SignedInSession(models.Model):
    """Which session belongs to whom, so that a password change or deactivation can end them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user_id}: {self.session_key[:6]}…"


class LoginThrottle(models.Model):
    """Failed sign-ins per (username, address) and the lockout they cause (等保 8.1.4.1 b)."""

    key = models.CharField(max_length=64, unique=True)
    username = models.CharField(max_length=64)
    ip = models.CharField(max_length=64, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True, db_index=True)

    class Meta:
        verbose_name = "登录失败记录"

    def __str__(self):
        return f"{self.username}@{self.ip}: {self.failures}"

    def register_failure(self, now) -> bool:
        """Count one failure (a lapsed lock starts a fresh count); lock and return True at the limit."""
        if self.locked_until and self.locked_until <= now:
            self.failures = 0
        self.failures += 1
        self.last_failure_at = now
        locked = self.failures >= settings.LOGIN_FAILURE_LIMIT
        if locked:
            self.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        self.save()
        return locked


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SM3 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=64)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField("有效期至")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "接口令牌"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and now < self.expires_at
