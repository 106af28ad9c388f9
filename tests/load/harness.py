"""The service as production runs it, for load and fault tests: PostgreSQL with durable
commits in a folder of its own, gunicorn with several workers, a demo pole, and clients.

Nothing here imports pytest: the benchmarks, the load test's locustfile and the fault tests
build on it alike.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess  # nosec B404 # PostgreSQL's and gunicorn's programs, with argument lists
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "cooperation-2026"  # nosec B105 # the demo pole's, published in the README
SECRET_KEY = "load-test-secret-key"  # nosec B105 # a throwaway server's
# Tools and rooms booked in the load test: far enough ahead for any offer's notice.
SLOT_DAYS = (7, 35)


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll until `ready()` is true; RuntimeError after `seconds`."""
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not ready after {seconds:.0f} s")
        time.sleep(0.1)


# --- PostgreSQL ----------------------------------------------------------------------------


def postgres_bindir() -> Path:
    """The newest installed PostgreSQL's programs (Debian's layout)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                   key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if not found:
        raise RuntimeError("PostgreSQL is not installed (make test-deps installs it)")
    return found[-1]


class Cluster:
    """A PostgreSQL cluster of its own in a temporary folder, with durable commits (fsync and
    synchronous_commit on, as in production): what a client was told is committed survives
    `restart(mode="immediate")`. As root the cluster belongs to the postgres user, which
    PostgreSQL requires."""

    DATABASE = "pooling"
    USER = "pooling"

    def __init__(self, max_connections: int = 300, prefix: str = "load-pg-") -> None:
        self.bindir = postgres_bindir()
        self.root = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres")
        self.data_dir = self.root / "data"
        self.log = self.root / "log"
        self.port = free_port()
        self.options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                        f"-c max_connections={max_connections} -c fsync=on "
                        f"-c synchronous_commit=on -c full_page_writes=on")
        self.url = (f"postgresql+psycopg://{self.USER}@127.0.0.1:{self.port}/{self.DATABASE}")
        self.run("initdb", "-D", str(self.data_dir), "-U", self.USER, "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.USER,
                 self.DATABASE)

    def run(self, program: str, *args: str) -> None:
        """One of PostgreSQL's programs, as the cluster's owner."""
        command = [str(self.bindir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,  # nosec B603
                       stderr=subprocess.PIPE)

    def pg_ctl(self, action: str, *args: str) -> None:
        self.run("pg_ctl", action, "-D", str(self.data_dir), "-l", str(self.log), "-w",
                 "-t", "60", *args)

    def accepts_connections(self) -> bool:
        answer = subprocess.run(  # nosec B603 # our own arguments
            [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
             self.USER, "-d", self.DATABASE], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        return answer.returncode == 0

    def start(self) -> None:
        self.pg_ctl("start", "-o", self.options)
        wait_until(self.accepts_connections, 60, "PostgreSQL")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("stop", "-m", mode)

    def restart(self, mode: str = "immediate") -> None:
        """`pg_ctl restart -m immediate` by default: a crash and its recovery."""
        self.pg_ctl("restart", "-m", mode, "-o", self.options)
        wait_until(self.accepts_connections, 60, "PostgreSQL")

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass  # not running
        shutil.rmtree(self.root, ignore_errors=True)

    def psql(self, sql: str) -> str:
        """One query's rows as psql prints them unaligned, for checks from outside the app."""
        command = [str(self.bindir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                   self.USER, "-d", self.DATABASE, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql]
        return subprocess.run(command, check=True, capture_output=True,  # nosec B603
                              text=True).stdout


# --- gunicorn -------------------------------------------------------------------------------


def server_environment(database_url: str, instance_path: str | os.PathLike, **extra: str
                       ) -> dict[str, str]:
    """The environment of a production-like server: its database and instance folder, a
    fixed secret key (hosts behind one load balancer share it), no SMTP server (e-mails
    are logged, never fail)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("TEST_DATABASE_URL", "MAIL_SERVER", "FLASK_APP")}
    env.update(DATABASE_URL=database_url, POOLING_INSTANCE_PATH=str(instance_path),
               SECRET_KEY=SECRET_KEY, MAIL_SERVER="", BASE_URL="http://127.0.0.1",
               PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # The command name is in parentheses and may hold spaces: the fields follow it.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


class Server:
    """gunicorn serving `pooling:create_app()` with the repository's gunicorn.conf.py, on a
    free port, as the README's production section runs it. Started by the constructor,
    ready when it returns (GET /healthz answered), or, with `wait=False`, once
    `wait_ready()` returns: its workers then boot while the caller does something else."""

    def __init__(self, env: dict[str, str] | None = None, workers: int = 4,
                 extra_args: tuple[str, ...] = (), log_path: str | os.PathLike | None = None,
                 timeout: float = 90, wait: bool = True) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.env = env if env is not None else os.environ.copy()
        self.log_path = Path(log_path) if log_path else Path(
            tempfile.mkstemp(prefix="load-gunicorn-", suffix=".log", dir="/tmp")[1])
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # nosec B603 # our own interpreter and arguments
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
             "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", *extra_args, "pooling:create_app()"],
            cwd=ROOT, env=self.env,
            stdout=self.log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 90) -> None:
        """Until GET /healthz answers 200 and every worker has booted."""
        try:
            wait_until(lambda: self.healthy() and len(self.worker_pids()) >= self.workers,
                       timeout, "gunicorn")
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"gunicorn did not start; see {self.log_path}") from None

    @property
    def master_pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid)

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {self.process.returncode}; "
                               f"see {self.log_path}")
        try:
            return requests.get(self.base + "/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def kill(self) -> None:
        """Stop at once, master first (so that it starts no new worker), then its
        workers: for a test's end, where no request is left to finish."""
        workers = self.worker_pids()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # gone already
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- the pole -------------------------------------------------------------------------------


@dataclass
class Person:
    """A demo person the clients act as."""

    email: str
    password: str
    role: str
    member_id: int
    token: str


@dataclass
class Pole:
    """What clients need to act on the loaded pole."""

    people: list[Person]
    cell: Person
    offers: list[dict]  # id, kind, member_id, capacity, quantity, booking_policy
    slots: list[dict]  # offer, member_id, start, end, kind, booking_policy: free when loaded
    needs: dict[int, list[int]]  # open needs' ids by organisation
    members: list[int]  # every organisation's id
    extra: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({
            "people": [vars(p) for p in self.people], "cell": vars(self.cell),
            "offers": self.offers, "slots": self.slots,
            "needs": {str(k): v for k, v in self.needs.items()}, "members": self.members,
            "extra": self.extra})

    @classmethod
    def from_json(cls, text: str) -> Pole:
        data = json.loads(text)
        return cls(people=[Person(**p) for p in data["people"]], cell=Person(**data["cell"]),
                   offers=data["offers"], slots=data["slots"],
                   needs={int(k): v for k, v in data["needs"].items()},
                   members=data["members"], extra=data["extra"])


def prepare_pole(url: str, instance_path: str | os.PathLike, size: str = "small",
                 people: int = 50) -> Pole:
    """Migrate the database, load the demo pole (`small`: seconds; `large`: minutes), and
    give API tokens to `people` people of several organisations, the cell's among them.

    Runs in a child process, so that the caller's own application and settings are left
    alone."""
    # The bulk load alone does not wait for each commit's flush to disk (the cluster and
    # the servers stay durable): seconds saved, and a crash later finds it all flushed.
    env = server_environment(url, instance_path, PGOPTIONS="-c synchronous_commit=off")
    out = Path(instance_path) / "load-pole.json"
    answer = subprocess.run(  # nosec B603 # our own interpreter and module
        [sys.executable, "-m", "tests.load.prepare", size, str(people), str(out)], cwd=ROOT,
        env=env, check=False, capture_output=True, text=True)
    if answer.returncode != 0:
        raise RuntimeError(f"preparing the pole failed:\n{answer.stderr[-4000:]}")
    return Pole.from_json(out.read_text())


# --- clients --------------------------------------------------------------------------------


def api_client(token: str) -> requests.Session:
    """An HTTP session that calls the API with a person's token."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(page: str) -> str:
    """The form's CSRF token on a page, '' if it has none."""
    found = CSRF.search(page)
    return found.group(1) if found else ""


def sign_in(session: requests.Session, base: str, email: str,
            password: str = DEMO_PASSWORD) -> requests.Response:
    """Sign in through the login form, as a browser does (CSRF token, session cookie); the
    answer to the form's POST, redirects followed."""
    page = session.get(base + "/login", timeout=30)
    return session.post(base + "/login", data={
        "csrf_token": csrf_token(page.text), "email": email, "password": password},
        timeout=30)


def signed_in(base: str, email: str, password: str = DEMO_PASSWORD) -> requests.Session:
    """A browser-like session, signed in; RuntimeError if the sign-in was refused."""
    session = requests.Session()
    answer = sign_in(session, base, email, password)
    if answer.status_code != 200 or "/login" in answer.url:
        raise RuntimeError(f"sign-in refused for {email}: {answer.status_code}")
    return session


# --- a run of simulated members ---------------------------------------------------------------

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@dataclass
class LoadRun:
    """What one locust run measured and what its clients were told."""

    stats: list[dict]  # locust's rows per kind of request, and the "Aggregated" row
    failures: list[dict]  # Method, Name, Error, Occurrences
    outcome: dict  # booked, cancelled, declared, confirmed, refusals (locustfile.OUTCOME)
    users: int
    seconds: int
    exit_code: int
    log: str

    @property
    def total(self) -> dict:
        return next(row for row in self.stats if row["Name"] == "Aggregated")

    @property
    def kinds(self) -> list[dict]:
        return [row for row in self.stats if row["Name"] != "Aggregated"]

    def server_errors(self) -> list[str]:
        """The failures whose answer was a 5xx, as locust and the locustfile counted them
        (the locustfile writes the status first)."""
        return ([f"{f['Name']}: {f['Error']}" for f in self.failures
                 if re.match(r"(HTTPError\(')?5\d\d", f["Error"])]
                + [name for name in self.outcome.get("failed", {})
                   if re.search(r" 5\d\d$", name)])


class Locust:
    """`users` simulated members (tests/load/locustfile.py) against `base` for `seconds`,
    headless, in another process, started by the constructor: faults can be injected while
    it runs; `wait()` returns what it measured once it has stopped."""

    def __init__(self, base: str, pole: Pole, folder: str | os.PathLike, seconds: int,
                 users: int = 50, spawn_rate: int = 10, tolerated: tuple[int, ...] = ()
                 ) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.users, self.seconds = users, seconds
        self.outcome_file, self.prefix = self.folder / "outcome.json", self.folder / "run"
        pole_file = self.folder / "pole.json"
        pole_file.write_text(pole.to_json())
        env = {**os.environ, "LOAD_POLE": str(pole_file),
               "LOAD_OUTCOME": str(self.outcome_file), "PYTHONPATH": str(ROOT),
               "LOAD_TOLERATED": ",".join(str(status) for status in tolerated)}
        self.log_path = self.folder / "locust.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # nosec B603 # our own interpreter and arguments
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
             "-u", str(users), "-r", str(spawn_rate), "--run-time", f"{seconds}s",
             "--stop-timeout", "10", "--host", base, "--csv", str(self.prefix),
             "--only-summary", "--loglevel", "WARNING"], cwd=ROOT, env=env, stdout=self.log,
            stderr=subprocess.STDOUT)

    def wait(self) -> LoadRun:
        try:
            exit_code = self.process.wait(timeout=self.seconds + 120)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.log.close()
        return LoadRun(stats=read_csv(Path(f"{self.prefix}_stats.csv")),
                       failures=read_csv(Path(f"{self.prefix}_failures.csv")),
                       outcome=json.loads(self.outcome_file.read_text()), users=self.users,
                       seconds=self.seconds, exit_code=exit_code,
                       log=self.log_path.read_text())


def run_locust(base: str, pole: Pole, folder: str | os.PathLike, seconds: int,
               users: int = 50, spawn_rate: int = 10) -> LoadRun:
    """A whole run of simulated members, from another process; blocks until it stopped."""
    return Locust(base, pole, folder, seconds, users, spawn_rate).wait()


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


# --- what must hold after a run -----------------------------------------------------------

HOLDING = "('confirmed', 'completed')"  # bookings.models.HOLDING, as stored

# Every holding booking whose start sees more holding bookings of its offer than the offer
# has: items for a tool, one for a room or a skill (the booking engine's rules.held_rules;
# busy ranges include the buffer between bookings).
DOUBLE_BOOKINGS = f"""
SELECT b.offer_id, b.id, b.busy_from FROM bookings b JOIN offers o ON o.id = b.offer_id
WHERE b.status IN {HOLDING}
  AND (SELECT sum(CASE WHEN o.kind = 'tool' THEN x.quantity ELSE 1 END) FROM bookings x
       WHERE x.offer_id = b.offer_id AND x.status IN {HOLDING}
         AND x.busy_from <= b.busy_from AND b.busy_from < x.busy_until)
      > CASE WHEN o.kind = 'tool' THEN coalesce(o.quantity, 0) ELSE 1 END
ORDER BY b.offer_id, b.busy_from
"""


def double_bookings(cluster: Cluster) -> list[str]:
    """Bookings held beyond their offer's capacity, as psql prints them; [] when none."""
    return [line for line in cluster.psql(DOUBLE_BOOKINGS).splitlines() if line]


def statuses(cluster: Cluster, table: str, ids: list[int]) -> dict[int, str]:
    """The status of each of these rows of `bookings` or `exchanges` that the database
    holds: a row a client was told was written and that is missing has no key."""
    assert table in ("bookings", "exchanges"), table
    if not ids:
        return {}
    listed = ",".join(str(int(i)) for i in ids)
    rows = cluster.psql(f"SELECT id, status FROM {table} WHERE id IN ({listed})")
    return {int(i): status for i, status in (line.split("|") for line in rows.splitlines())}


def ledger_check(database_url: str, instance_path: str | os.PathLike
                 ) -> subprocess.CompletedProcess:
    """`flask --app pooling ledger check` on that database: returncode 0 when it holds."""
    return subprocess.run(  # nosec B603 # our own interpreter and arguments
        [sys.executable, "-m", "flask", "--app", "pooling", "ledger", "check"], cwd=ROOT,
        env=server_environment(database_url, instance_path), capture_output=True, text=True,
        check=False, timeout=300)
