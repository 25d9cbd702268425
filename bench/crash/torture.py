#!/usr/bin/env python3
"""Crash torture: SIGKILL the server at random moments under concurrent writes, restart it, and
check that every write it acknowledged (a 2xx) is still there and whole.

    bench/crash/torture.py --binary BUILD/mesoclinic --audit-history BUILD/audit_history
                           --db URL --kills N [--seed S]

The database holds the scale data of 2,000 patients (bench/scale/load.sh: bookable patients,
sessions charted and awaiting signature, lots in stock). Writers create patients, change them
(PATCH with If-Match), upload photos (after a consent to photos), book appointments (a free
half hour each, with a scale patient) and sign charts while the server is killed with SIGKILL
between 0.2 and 1.2 s into each run. After every restart, through the API: each patient
acknowledged since the last check reads back with at least the acknowledged version and what
that version said, each such photo's image and thumbnail read back, each booking is in its
patient's calendar and each signed chart reads back signed, with a random sample of 300 writes
checked before; after the last restart, all of them. At the end, in the database: no double
booking, every signed chart has its lot use and aftercare plan and its appointment attended,
each lot's stock and its uses add up to what it received, `mesoclinic audit verify` passes and,
on SQLite, `PRAGMA integrity_check` says ok. Prints one line per kill and a summary; exits 1 on the
first loss. The short version runs in scripts/test (ctest: CrashTorture.*), the long one from
bench/crash/run.sh.
"""
import argparse
import datetime
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
SCALE_PATIENTS = 2000
LOT_RECEIVED = 100000000  # each scale lot's vials (bench/scale/scale.sql)


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
        self.bookings = {}  # appointment id -> patient id
        self.signed = set()  # appointment ids whose charts were signed
        self.next_slot = 0
        self.drafts = []  # appointment ids whose charts await signature, taken from the end

    def take_slot(self):
        with self.lock:
            self.next_slot += 1
            return self.next_slot - 1

    def take_draft(self):
        with self.lock:
            return self.drafts.pop() if self.drafts else None

    def acknowledged_patients(self):
        with self.lock:
            return list(self.patients)


def scale_id(kind, number):
    """bench/scale/scale.sql's id of kind 1 (patient) or 7 (practitioner)."""
    return f"b000000{kind}-0000-7000-8000-{number:012d}"


def book(client, ledger, dates, counts):
    """A free half hour: 20 lanes x 20 half hours from 09:00 on each open date, each slot once,
    each with a scale patient of its own."""
    slot = ledger.take_slot()
    date = dates[slot // 400 % len(dates)]
    half_hour = slot // 20 % 20
    patient_id = scale_id(1, slot % SCALE_PATIENTS)
    status, body, _ = client.call("POST", "/api/v1/appointments", {
        "patient_id": patient_id, "practitioner_id": scale_id(7, slot % 20),
        "starts": {"local": f"{date}T{9 + half_hour // 2:02d}:{half_hour % 2 * 30:02d}"},
        "minutes": 30})
    if status == 201:
        with ledger.lock:
            ledger.bookings[json.loads(body)["id"]] = patient_id
        counts["bookings"] += 1


def sign(client, ledger, counts):
    appointment_id = ledger.take_draft()
    if appointment_id is None:
        return
    status, _, _ = client.call("POST", f"/api/v1/appointments/{appointment_id}/chart/signature")
    if status == 200:
        with ledger.lock:
            ledger.signed.add(appointment_id)
        counts["signatures"] += 1


def writer(client, clinic_id, dates, ledger, stop, rng, counts):
    while not stop.is_set():
        try:
            choice = rng.random()
            known = ledger.acknowledged_patients()
            if choice < 0.15:
                book(client, ledger, dates, counts)
            elif choice < 0.25:
                sign(client, ledger, counts)
            elif choice < 0.55 or not known:
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
            elif choice < 0.85:
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
        bookings = dict(ledger.bookings)
        signed = {key: True for key in ledger.signed}
    if checked is not None:
        older = [key for kind in (patients, photos, bookings, signed) for key in kind
                 if key in checked]
        keep = set(rng.sample(older, min(sample, len(older))))
        patients, photos, bookings, signed = (
            {k: v for k, v in kind.items() if k not in checked or k in keep}
            for kind in (patients, photos, bookings, signed))
        for kind in (patients, photos, bookings, signed):
            checked.update(kind)
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
    calendars = {}
    for appointment_id, patient_id in bookings.items():
        if patient_id not in calendars:
            status, body, _ = client.call(
                "GET", f"/api/v1/patients/{patient_id}/appointments?limit=200")
            calendars[patient_id] = {item["id"] for item in json.loads(body)["items"]} \
                if status == 200 else set()
        if appointment_id not in calendars[patient_id]:
            problems.append(f"booking {appointment_id}: acknowledged, not in the calendar")
    for appointment_id in signed:
        status, body, _ = client.call("GET", f"/api/v1/appointments/{appointment_id}/chart")
        if status != 200 or not json.loads(body).get("signed_at"):
            problems.append(f"signature of {appointment_id}: acknowledged, the chart is not signed")
    return problems


def check_database(db, ledger):
    """What only the database shows: no double booking, every signature whole, stock and lot
    uses in agreement. Returns the problems found."""
    signed = "', '".join(sorted(ledger.signed)) or "none"
    checks = {
        "double bookings": """
            SELECT COUNT(*) FROM appointments a JOIN appointments b
              ON b.starts_at >= a.starts_at - 14400000000 AND b.starts_at < a.ends_at
              AND b.ends_at > a.starts_at AND a.id <> b.id
              AND (a.practitioner_id = b.practitioner_id OR a.room_id = b.room_id
                   OR a.patient_id = b.patient_id)
            WHERE a.status IN ('booked', 'attended') AND b.status IN ('booked', 'attended')""",
        "signed charts without their lot use, aftercare plan or attendance": f"""
            SELECT COUNT(*) FROM appointments a
            WHERE a.id IN ('{signed}')
              AND (a.status <> 'attended'
                   OR NOT EXISTS (SELECT 1 FROM lot_uses u WHERE u.appointment_id = a.id)
                   OR NOT EXISTS (SELECT 1 FROM aftercare_plans p WHERE p.appointment_id = a.id)
                   OR NOT EXISTS (SELECT 1 FROM session_charts c WHERE c.appointment_id = a.id
                                  AND c.signed_at IS NOT NULL))""",
        "lots whose stock and uses do not add up": f"""
            SELECT COUNT(*) FROM lots l
            WHERE l.id LIKE 'b0000009-%' AND l.quantity + (SELECT COALESCE(SUM(u.vials), 0)
                                                          FROM lot_uses u WHERE u.lot_id = l.id)
                                              <> {LOT_RECEIVED}""",
    }
    problems = []
    for what, sql in checks.items():
        if db.startswith("sqlite:"):
            found = sqlite3.connect(db[len("sqlite:"):]).execute(sql).fetchone()[0]
        else:
            # On standard input: the list of signed charts outgrows a command-line argument.
            found = int(subprocess.run(["psql", "-Atq", db], input=sql, capture_output=True,
                                       text=True, check=True).stdout.strip())
        print(f"{what}: {found}")
        if found != 0:
            problems.append(f"{what}: {found}")
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
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        subprocess.run([os.path.join(root, "bench", "scale", "load.sh"), db, str(SCALE_PATIENTS)],
                       check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, binary=binary, audit_history=arguments.audit_history))
        subprocess.run([binary, "user", "add", "--db", db, "--role", "practitioner",
                        "--username", "crash.tester"], input=PASSWORD + "\n", text=True,
                       check=True, stdout=subprocess.DEVNULL)
        rng = random.Random(arguments.seed)
        ledger = Ledger()
        counts = {"patients": 0, "updates": 0, "photos": 0, "bookings": 0, "signatures": 0,
                  "script errors": []}
        server = Server(binary, db, work)
        server.start()
        status, body, headers = Client(server.port).call(
            "POST", "/api/v1/session", {"username": "crash.tester", "password": PASSWORD})
        if status != 201:
            raise SystemExit(f"sign-in failed: {status} {body!r}")
        cookie = headers["Set-Cookie"].split(";")[0]
        csrf = json.loads(body)["csrf_token"]
        setup = Client(server.port, cookie, csrf)
        clinic_id = json.loads(setup.call("GET", f"/api/v1/patients/{scale_id(1, 0)}")[1])[
            "clinic_id"]
        closed = {c["date"] for c in json.loads(setup.call(
            "GET", f"/api/v1/clinics/{clinic_id}/calendar")[1])["closures"]}
        day, dates = datetime.date.today() + datetime.timedelta(days=183), []
        while len(dates) < 200:
            if day.weekday() < 5 and day.isoformat() not in closed:
                dates.append(day.isoformat())
            day += datetime.timedelta(days=1)
        if db.startswith("sqlite:"):
            drafts = [row[0] for row in sqlite3.connect(db[len("sqlite:"):]).execute(
                "SELECT appointment_id FROM session_charts WHERE signed_at IS NULL")]
        else:
            drafts = subprocess.run(
                ["psql", "-Atq", db, "-c",
                 "SELECT appointment_id FROM session_charts WHERE signed_at IS NULL"],
                capture_output=True, text=True, check=True).stdout.split()
        rng.shuffle(drafts)
        ledger.drafts = drafts
        checked = set()
        for kill in range(1, arguments.kills + 1):
            client = Client(server.port, cookie, csrf)
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(
                client, clinic_id, dates, ledger, stop, random.Random(rng.random()), counts))
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
                  f"{len(ledger.photos)} photos, {len(ledger.bookings)} bookings, "
                  f"{len(ledger.signed)} signatures acknowledged so far; "
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
        problems = check_database(db, ledger)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
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
              f"{counts['updates']} changes, {counts['photos']} photos, {counts['bookings']} "
              f"bookings and {counts['signatures']} signatures acknowledged, none lost")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--audit-history", required=True,
                        help="the audit_history program built from bench/scale")
    parser.add_argument("--db", default="sqlite",
                        help="'sqlite' for a fresh file, 'postgresql' for a fresh database in "
                        "the test cluster, or an empty database's URL")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
