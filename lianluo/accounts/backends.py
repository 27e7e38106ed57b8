from django.contrib.auth.backends import BaseBackend

from lianluo.accounts.models import User


class UsernameOrMobileBackend(BaseBackend):
    """Loads signed-in users. Password checks and lockout live in services.sign_in_check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from lianluo.accounts.services import find_user_for_login

        user = find_user_for_login(username or "")
        if user is not None and user.is_active and user.check_password(password or ""):
            return user
        return None

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).select_related("home_region").first()
