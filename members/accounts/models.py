from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class Role(models.TextChoices):
    COUNCIL_MEMBER = "clientenraadslid", _("client council member")
    SUPPORTER = "ondersteuner", _("client council supporter")
    CARE_STAFF = "medewerker", _("care organisation staff member")
    OTHER = "anders", _("other")


class Sector(models.TextChoices):
    HOME_CARE = "thuiszorg", _("home care")
    NURSING_HOMES = "verpleeghuiszorg", _("nursing home care")
    MENTAL_HEALTH = "ggz", _("mental health care")
    SHELTER = "maatschappelijke_opvang", _("social shelter")
    YOUTH_CARE = "jeugdzorg", _("youth care")
    HOSPITAL = "ziekenhuis", _("hospital")
    CLINICS = "zelfstandige_klinieken", _("independent clinics")
    PRIMARY_CARE = "eerstelijnszorg", _("primary care")
    DISABILITY_CARE = "gehandicaptenzorg", _("disability care")
    OTHER = "anders", _("other")


class User(AbstractUser):
    """A person with an account. The email address is the login; there is no username."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    # Profile: shown with the member's comments and used for registrations.
    display_name = models.CharField(
        _("display name"), max_length=80, blank=True,
        help_text=_("Shown with your comments. Leave empty to show your full name."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def public_name(self):
        """How the site names this person in public: display name, full name or email's name."""
        return (self.display_name.strip() or self.get_full_name()
                or self.email.split("@")[0])

    @property
    def role_label(self):
        return self.get_role_display() if self.role else ""
