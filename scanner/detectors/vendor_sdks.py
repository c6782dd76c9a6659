"""Third-party APIs reached through their vendors' SDKs, whose host the code never spells.

Recognises, as an HTTP call to the vendor's API host (an external node):

- module-level API calls: ``stripe.PaymentIntent.create(...)`` and any other call into
  ``stripe`` (``api.stripe.com``); OpenAI's pre-1.0 ``openai.ChatCompletion.create(...)``
  and its kin (``api.openai.com``);
- clients built from an SDK class, cited where they are built: ``SendGridAPIClient``
  (``api.sendgrid.com``), ``twilio.rest.Client`` (``api.twilio.com``), ``openai.OpenAI`` /
  ``AsyncOpenAI`` (``api.openai.com``), ``anthropic.Anthropic`` / ``AsyncAnthropic``
  (``api.anthropic.com``), Slack's ``WebClient`` / ``AsyncWebClient`` (``slack.com``) and
  python-telegram-bot's ``Bot`` (``api.telegram.org``). A ``base_url=`` given to the client
  is where it goes instead (a proxy, a self-hosted compatible server).

Deliberately ignores: SDK calls that make no request (``stripe.Webhook.construct_event``
checks a signature locally, ``stripe.error``/``stripe.util``), configuration
(``stripe.api_key = ...``), and SDKs of clouds (boto3 and Google Cloud have their own
detectors) and of telemetry (Sentry).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg
from scanner.findings import HttpCall
from scanner.values import Value

# module prefix -> API host, for SDKs called through module-level functions
MODULE_APIS = {
    "stripe": "api.stripe.com",
    "openai.ChatCompletion": "api.openai.com",
    "openai.Completion": "api.openai.com",
    "openai.Embedding": "api.openai.com",
    "openai.Image": "api.openai.com",
}
_LOCAL = ("stripe.Webhook", "stripe.WebhookSignature", "stripe.error", "stripe.util")
# client class -> API host
CLIENTS = {
    "sendgrid.SendGridAPIClient": "api.sendgrid.com",
    "sendgrid.sendgrid.SendGridAPIClient": "api.sendgrid.com",
    "twilio.rest.Client": "api.twilio.com",
    "openai.OpenAI": "api.openai.com",
    "openai.AsyncOpenAI": "api.openai.com",
    "anthropic.Anthropic": "api.anthropic.com",
    "anthropic.AsyncAnthropic": "api.anthropic.com",
    "slack_sdk.WebClient": "slack.com",
    "slack_sdk.web.WebClient": "slack.com",
    "slack_sdk.web.async_client.AsyncWebClient": "slack.com",
    "telegram.Bot": "api.telegram.org",
}


class VendorSdks(Detector):
    name = "vendor-sdk"
    modules = frozenset(
        {"stripe", "openai", "sendgrid", "twilio", "anthropic", "slack_sdk", "telegram"}
    )

    def visit_Call(self, node: cst.Call) -> None:
        for qualified in self.names(node.func):
            host = CLIENTS.get(qualified)
            if host is not None:
                given = arg(node, None, "base_url")
                url = self.value(given) if given is not None else Value.of(f"https://{host}")
                self._call(node, qualified, url)
                return
            module = next((m for m in MODULE_APIS if qualified.startswith(f"{m}.")), None)
            if module is not None and not qualified.startswith(_LOCAL):
                self._call(node, qualified, Value.of(f"https://{MODULE_APIS[module]}"))
                return

    def _call(self, node: cst.Call, qualified: str, url: Value) -> None:
        library = qualified.split(".", 1)[0]
        self.findings.append(HttpCall(self.ctx.path, self.line(node), library, "ANY", url))
