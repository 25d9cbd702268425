"""A real SMTP server (aiosmtpd) and an SMS webhook receiver on loopback, for reminder tests.

Prints "smtp=PORT webhook=PORT" once both listen, then records every message that arrives as one
JSON line in the file named by --record, and runs until killed. Behaviours the tests need:
  --fail-sms N        answer the first N webhook requests with 503 (then accept)
  --reject RCPT       refuse mail to this address with 550 (a permanent failure)
  --hang-sms-first    hold the reply to the first webhook request for a minute (the sender is
                      killed meanwhile); the request is recorded as received
  --hang-rcpt-first   hold the reply to the first RCPT TO for a minute (nothing handed over)
  --hang-data-first   hold the reply to the first complete DATA for a minute (handed over: the
                      message has arrived and is recorded)
  --tls CERT KEY      offer STARTTLS with this certificate and require it before AUTH
  --auth USER:PASS    require AUTH PLAIN/LOGIN with these credentials
The webhook remembers each Idempotency-Key: a repeat is answered 200 and recorded with
"repeat": true, as a gateway that honours the key would.
"""

import argparse
import asyncio
import email
import email.policy
import http.server
import json
import socket
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

lock = threading.Lock()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def record(path, entry):
    with lock, open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")


class MailHandler:
    def __init__(self, args):
        self.args = args
        self.rcpt_hung = False
        self.data_hung = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.hang_rcpt_first and not self.rcpt_hung:
            self.rcpt_hung = True
            await asyncio.sleep(60)
            return "451 try again later"
        if address == self.args.reject:
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        record(self.args.record, {
            "channel": "email",
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "message_id": message["Message-ID"],
            "subject": str(message["Subject"]),
            "body": message.get_content(),
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        })
        if self.args.hang_data_first and not self.data_hung:
            self.data_hung = True
            await asyncio.sleep(60)
        return "250 Message accepted"


def make_webhook(args):
    seen = set()
    state = {"failures_left": args.fail_sms, "hung": False}

    class Webhook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length))
            key = self.headers.get("Idempotency-Key")
            with lock:
                if state["failures_left"] > 0:
                    state["failures_left"] -= 1
                    failing = True
                else:
                    failing = False
                hang = args.hang_sms_first and not state["hung"] and not failing
                if hang:
                    state["hung"] = True
                repeat = key in seen
            if failing:
                record(args.record, {"channel": "sms", "key": key, "refused": True})
                self.send_response(503)
                self.end_headers()
                return
            record(args.record, {
                "channel": "sms",
                "key": key,
                "id": payload.get("id"),
                "to": payload.get("to"),
                "text": payload.get("text"),
                "authorization": self.headers.get("Authorization"),
                "repeat": repeat,
            })
            with lock:
                seen.add(key)
            if hang:
                time.sleep(60)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"accepted": true}')

        def log_message(self, *ignored):
            pass

    return Webhook


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", required=True)
    parser.add_argument("--fail-sms", type=int, default=0)
    parser.add_argument("--reject", default="")
    parser.add_argument("--hang-sms-first", action="store_true")
    parser.add_argument("--hang-rcpt-first", action="store_true")
    parser.add_argument("--hang-data-first", action="store_true")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", default="")
    args = parser.parse_args()

    options = {}
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.tls)
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            return AuthResult(success=ok)

        options.update(authenticator=authenticator, auth_required=True,
                       auth_require_tls=bool(args.tls))
    # The controller needs a port number up front; another process may take the free one
    # first, so try a few.
    for attempt in range(5):
        smtp_port = free_port()
        controller = Controller(MailHandler(args), hostname="127.0.0.1", port=smtp_port,
                                server_kwargs=options, ready_timeout=10)
        try:
            controller.start()
            break
        except OSError:
            if attempt == 4:
                raise

    webhook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_webhook(args))
    threading.Thread(target=webhook.serve_forever, daemon=True).start()
    print(f"smtp={smtp_port} webhook={webhook.server_address[1]}", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
