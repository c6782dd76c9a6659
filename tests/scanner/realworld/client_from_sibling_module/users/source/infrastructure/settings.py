from pydantic import BaseSettings


class ApplicationSettings(BaseSettings):
    kafka_url: str


application_settings = ApplicationSettings()
