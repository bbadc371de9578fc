import os
import tomllib
from dataclasses import dataclass, field


@dataclass
class Settings:
    database_url: str = "sqlite:///app.db"
    workers: int = 4
    debug: bool = False
    allowed_hosts: list = field(default_factory=list)


def load_settings(path):
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    settings = Settings(**raw.get("server", {}))
    if "APP_WORKERS" in os.environ:
        settings.workers = int(os.environ["APP_WORKERS"])
    return settings


def hash_password(password, salt, rounds=200_000):
    import hashlib
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds).hex()
