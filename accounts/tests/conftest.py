from accounts.tests.fixtures import directie_client, ib_client, otp_login, password_login  # noqa: F401
