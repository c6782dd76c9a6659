INSTALLED_APPS = ["django.contrib.contenttypes", "reports"]

DATABASES = {
    "default": {
        "ENGINE": "firebird",
        "NAME": "/var/lib/firebird/reports.fdb",
        "HOST": "firebird",
    }
}
