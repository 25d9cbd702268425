#!/usr/bin/env python3
"""Crash torture: SIGKILL the server at random moments under concurrent writes, restart it, and
check that every write it acknowledged (a 2xx) is still there and whole.

    bench/crash/torture.py --binary BUILD/mesoclinic --db URL --kills N [--seed S]

Writers create patients, change them (PATCH with If-Match) and upload photos (after a consent to
photos) while the server is killed with SIGKILL between 0.2 and 1.2 s into each run. After every
restart, through the API: each patient acknowledged since the last check reads back with at least
the acknowledged version and what that version said, and each such photo's image and thumbnail
read back, with a random sample of 300 writes checked before; after the last restart, all of
them. At the end: `mesoclinic audit verify` passes and, on
SQLite, `PRAGMA integrity_check` says ok. Prints one line per kill and a summary; exits 1 on the
first loss. The short version runs in scripts/test (ctest: CrashTorture.*), the long one from
bench/crash/run.sh.
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

PASSWORD = "crash torture password 1"


def png(width, height, seed):
    """A small, valid, distinct PNG (the photo checks decode it)."""
    rows = b"".join(
        b"\x00" + bytes(channel for x in range(width)
                        for channel in ((x * 7 + y * 3 + seed) % 256, (x + seed) % 256,
                                        (y * 5) % 256))
        for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


class Server:
    def __init__(self, binary, db, work):
        self.binary, self.db, self.work = binary, db, work
        self.process = None
        self.port = None

    def start(self):
        args = [self.binary, "serve", "--db", self.db, "--listen", "127.0.0.1:0", "--config",
                os.path.join(self.work, "serve.toml"), "--photo-dir",
                os.path.join(self.work, "photos")]
        if self.db.startswith("postgresql:"):
            args.append("--benchmark")  # the throwaway test cluster runs without fsync
        out = open(os.path.join(self.work, "serve.out"), "w")
        self.process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(os.path.join(self.work, "serve.out")) as log:
                found = re.search(r"http://127\.0\.0\.1:(\d+)", log.read())
            if found:
                self.port = int(found.group(1))
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        with open(os.path.join(self.work, "serve.out")) as log:
            raise SystemExit("the server did not start:\n" + log.read())

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class Client:
    def __init__(self, port, cookie=None, csrf=None):
        self.port, self.cookie, self.csrf = port, cookie, csrf

    def call(self, method, path, body=None, headers=None, raw=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = dict(headers or {})
        if self.cookie:
            sent["Cookie"] = self.cookie
            sent["X-CSRF-Token"] = self.csrf
            sent["Origin"] = f"http://127.0.0.1:{self.port}"
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            sent.setdefault("Content-Type", "application/json")
        try:
            connection.request(method, path, body=data, headers=sent)
            reply = connection.getresponse()
            return reply.status, reply.read(), dict(reply.getheaders())
        finally:
            connection.close()


class Ledger:
    """What the server acknowledged, by whom it can be checked."""

    def __init__(self):
        self.lock = threading.Lock()
        self.patients = {}  # id -> (version, given_name) last acknowledged
        self.photos = {}  # id -> patient id
        self.consented = set()

    def acknowledged_patients(self):
        with self.lock:
            return list(self.patients)


def writer(client, clinic_id, ledger, stop, rng, counts):
    while not stop.is_set():
        try:
            choice = rng.random()
            known = ledger.acknowledged_patients()
            if choice < 0.45 or not known:
                given = f"Given{rng.randrange(10**9)}"
                status, body, _ = client.call("POST", "/api/v1/patients", {
                    "clinic_id": clinic_id, "family_name": "Crash", "given_name": given,
                    "date_of_birth": "1980-01-01", "sex": "female", "preferred_language": "en",
                    "reminder_channel": "none"})
                if status == 201:
                    patient = json.loads(body)
                    with ledger.lock:
                        ledger.patients[patient["id"]] = (patient["version"], given)
                    counts["patients"] += 1
            elif choice < 0.8:
                patient_id = rng.choice(known)
                status, body, headers = client.call("GET", f"/api/v1/patients/{patient_id}")
                if status != 200:
                    continue
                given = f"Changed{rng.randrange(10**9)}"
                status, body, _ = client.call(
                    "PATCH", f"/api/v1/patients/{patient_id}", {"given_name": given},
                    {"If-Match": headers.get("ETag", ""),
                     "Content-Type": "application/merge-patch+json"})
                if status == 200:
                    version = json.loads(body)["version"]
                    with ledger.lock:
                        if version > ledger.patients[patient_id][0]:
                            ledger.patients[patient_id] = (version, given)
                    counts["updates"] += 1
            else:
                patient_id = rng.choice(known)
                if patient_id not in ledger.consented:
                    status, _, _ = client.call("POST", f"/api/v1/patients/{patient_id}/consents",
                                               {"kind": "photos", "method": "signed_form"})
                    if status == 201:
                        ledger.consented.add(patient_id)
                    continue
                status, body, _ = client.call(
                    "POST", f"/api/v1/patients/{patient_id}/photos?view=top&time_point=baseline",
                    raw=png(48, 36, rng.randrange(256)), headers={"Content-Type": "image/png"})
                if status == 201:
                    with ledger.lock:
                        ledger.photos[json.loads(body)["id"]] = patient_id
                    counts["photos"] += 1
        except (OSError, http.client.HTTPException):
            time.sleep(0.01)  # the server is down: a write that got no reply is not owed
        except Exception as error:  # a broken script must not pass as a quiet one
            counts["script errors"].append(repr(error))
            return


def verify(client, ledger, checked=None, rng=None, sample=300):
    """Acknowledged writes, read back through the API; returns the problems found. With
    `checked` (the ids verified before), every write not yet verified is read, and of the rest a
    random `sample`: each kill checks what is new, the end checks everything."""
    problems = []
    with ledger.lock:
        patients = dict(ledger.patients)
        photos = dict(ledger.photos)
    if checked is not None:
        older = [key for key in list(patients) + list(photos) if key in checked]
        keep = set(rng.sample(older, min(sample, len(older))))
        patients = {k: v for k, v in patients.items() if k not in checked or k in keep}
        photos = {k: v for k, v in photos.items() if k not in checked or k in keep}
        checked.update(patients)
        checked.update(photos)
    for patient_id, (version, given) in patients.items():
        status, body, _ = client.call("GET", f"/api/v1/patients/{patient_id}")
        if status != 200:
            problems.append(f"patient {patient_id}: acknowledged, now {status}")
            continue
        stored = json.loads(body)
        if stored["version"] < version:
            problems.append(f"patient {patient_id}: version {version} acknowledged, "
                            f"{stored['version']} stored")
        elif stored["version"] == version and stored["given_name"] != given:
            problems.append(f"patient {patient_id}: version {version} says "
                            f"{stored['given_name']}, not {given}")
    for photo_id in photos:
        for part in ("image", "thumbnail"):
            status, body, _ = client.call("GET", f"/api/v1/photos/{photo_id}/{part}")
            if status != 200 or len(body) == 0:
                problems.append(f"photo {photo_id}: acknowledged, its {part} is now {status}")
    return problems


def fresh_postgres_database():
    """An empty database in the cluster scripts/with-postgres started (MESOCLINIC_TEST_PG)."""
    cluster = os.environ.get("MESOCLINIC_TEST_PG")
    if not cluster:
        raise SystemExit("--db postgresql needs MESOCLINIC_TEST_PG (run under scripts/with-postgres)")
    name = f"crash_{os.getpid()}_{random.randrange(10**6)}"
    subprocess.run(["psql", cluster, "-qc", f"CREATE DATABASE {name}"], check=True)
    return cluster.rsplit("/", 1)[0] + "/" + name


def run(arguments):
    work = tempfile.mkdtemp(prefix="mesoclinic-crash-")
    try:
        with open(os.path.join(work, "serve.toml"), "w") as config:
            config.write('[server]\naccess_log = "off"\nlog_level = "error"\n')
        binary, db = arguments.binary, arguments.db
        if db == "sqlite":
            db = "sqlite:" + os.path.join(work, "crash.db")
        elif db == "postgresql":
            db = fresh_postgres_database()
        subprocess.run([binary, "demo", "--db", db, "--patients", "0", "--bare"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([binary, "user", "add", "--db", db, "--role", "practitioner",
                        "--username", "crash.tester"], input=PASSWORD + "\n", text=True,
                       check=True, stdout=subprocess.DEVNULL)
        rng = random.Random(arguments.seed)
        ledger = Ledger()
        counts = {"patients": 0, "updates": 0, "photos": 0, "script errors": []}
        server = Server(binary, db, work)
        server.start()
        status, body, headers = Client(server.port).call(
            "POST", "/api/v1/session", {"username": "crash.tester", "password": PASSWORD})
        if status != 201:
            raise SystemExit(f"sign-in failed: {status} {body!r}")
        cookie = headers["Set-Cookie"].split(";")[0]
        csrf = json.loads(body)["csrf_token"]
        clinic_id = json.loads(Client(server.port, cookie, csrf).call(
            "GET", "/api/v1/clinics")[1])["items"][0]["id"]
        checked = set()
        for kill in range(1, arguments.kills + 1):
            client = Client(server.port, cookie, csrf)
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(
                client, clinic_id, ledger, stop, random.Random(rng.random()), counts))
                for _ in range(arguments.writers)]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.2, 1.2))
            server.kill()
            stop.set()
            for thread in threads:
                thread.join()
            server.start()
            problems = verify(Client(server.port, cookie, csrf), ledger, checked, rng)
            problems += counts["script errors"]
            print(f"kill {kill}: {len(ledger.patients)} patients, {counts['updates']} changes, "
                  f"{len(ledger.photos)} photos acknowledged so far; "
                  f"{'all there' if not problems else 'LOST'}", flush=True)
            if problems:
                print("\n".join(problems[:20]), file=sys.stderr)
                return 1
        # Everything acknowledged, once more, after the last restart.
        problems = verify(Client(server.port, cookie, csrf), ledger)
        if problems:
            print("\n".join(problems[:20]), file=sys.stderr)
            return 1
        server.kill()
        audit = subprocess.run([binary, "audit", "verify", "--db", db], capture_output=True,
                               text=True)
        print(audit.stdout.strip() or audit.stderr.strip())
        if audit.returncode != 0:
            return 1
        if db.startswith("sqlite:"):
            integrity = sqlite3.connect(db[len("sqlite:"):]).execute(
                "PRAGMA integrity_check").fetchone()[0]
            print(f"SQLite integrity_check: {integrity}")
            if integrity != "ok":
                return 1
        print(f"{arguments.kills} kills survived: {counts['patients']} patients, "
              f"{counts['updates']} changes and {counts['photos']} photos acknowledged, "
              "none lost")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--db", default="sqlite",
                        help="'sqlite' for a fresh file, 'postgresql' for a fresh database in "
                        "the test cluster, or an empty database's URL")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
