"""A real Neo4j Community 5.26 for the test session (`tools/neo4j-server`).

The session starts one server as soon as collection shows a test that needs it, so the JVM
boots while other tests run; the `neo4j_server` fixture waits until Bolt is up. The server
gets a fresh data folder and a generated password, and is stopped (SIGTERM, then kill) when
the session ends. `TACIT_NEO4J_URL` (with `TACIT_NEO4J_USER`/`_PASSWORD`, or credentials in
the URL) points the same tests at another Neo4j instead: a cluster, Aura.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from graph.queries.maintenance import DELETE_EVERYTHING
from graph.stores import GraphStore, open_store

REPO_ROOT = Path(__file__).resolve().parents[1]
SERVER_PROJECT = REPO_ROOT / "tools" / "neo4j-server"
SERVER_JAR = SERVER_PROJECT / "target" / "neo4j-server-1.0.0.jar"
START_TIMEOUT_SECONDS = 240.0
STOP_TIMEOUT_SECONDS = 60.0
JVM_OPTIONS = ("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")


@dataclass(frozen=True)
class Neo4jConnection:
    url: str
    user: str
    password: str


class Neo4jUnavailable(RuntimeError):
    """The test Neo4j could not be built or started."""


def connection_from_environment() -> Neo4jConnection | None:
    url = os.environ.get("TACIT_NEO4J_URL")
    if not url:
        return None
    return Neo4jConnection(
        url,
        os.environ.get("TACIT_NEO4J_USER", "neo4j"),
        os.environ.get("TACIT_NEO4J_PASSWORD", ""),
    )


def build_server_jar() -> Path:
    """The server jar, built with Maven when missing or older than its sources."""
    sources = [SERVER_PROJECT / "pom.xml", *SERVER_PROJECT.glob("src/**/*.java")]
    if SERVER_JAR.is_file() and all(
        SERVER_JAR.stat().st_mtime >= s.stat().st_mtime for s in sources
    ):
        return SERVER_JAR
    maven = shutil.which("mvn")
    if maven is None:
        raise Neo4jUnavailable(
            f"{SERVER_JAR} is missing and Maven (mvn) is not installed: install Maven and "
            "Java 17, then run `make neo4j-server`"
        )
    build = subprocess.run(
        [
            maven,
            "-q",
            "-B",
            "-f",
            str(SERVER_PROJECT / "pom.xml"),
            "package",
            "-Dmaven.test.skip=true",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        raise Neo4jUnavailable(f"building {SERVER_PROJECT} failed:\n{build.stdout}{build.stderr}")
    return SERVER_JAR


class Neo4jServerProcess:
    """One `tools/neo4j-server` process with its own data folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="tacit-neo4j-"))
        self.info = self.folder / "neo4j.json"
        self.log = self.folder / "neo4j-server.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._connection: Neo4jConnection | None = None

    def start(self) -> None:
        jar = build_server_jar()
        java = shutil.which("java")
        if java is None:
            raise Neo4jUnavailable("Java is not installed: Neo4j needs Java 17")
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                [java, *JVM_OPTIONS, "-jar", str(jar)]
                + ["--data", str(self.folder / "data"), "--info", str(self.info)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def connection(self) -> Neo4jConnection:
        """Wait until the server has written its Bolt URL and credentials."""
        if self._connection is not None:
            return self._connection
        if self._process is None:
            self.start()
        assert self._process is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self.info.is_file():
            if self._process.poll() is not None:
                raise Neo4jUnavailable(
                    f"Neo4j exited with {self._process.returncode}: {self._tail()}"
                )
            if time.monotonic() > deadline:
                raise Neo4jUnavailable(
                    f"Neo4j did not start within {START_TIMEOUT_SECONDS:.0f} s: {self._tail()}"
                )
            time.sleep(0.2)
        written = json.loads(self.info.read_text(encoding="utf-8"))
        self._connection = Neo4jConnection(written["url"], written["user"], written["password"])
        return self._connection

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def _tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return "(no log)"


def neo4j_store_url(server: Neo4jConnection) -> str:
    """The server's URL with its credentials, as a user may give it to --graph-url."""
    scheme, _, rest = server.url.partition("://")
    return f"{scheme}://{quote(server.user, safe='')}:{quote(server.password, safe='')}@{rest}"


def empty_neo4j_store(server: Neo4jConnection) -> GraphStore:
    """A store on the session's Neo4j, emptied: tests share its one database in turn."""
    store = open_store(neo4j_store_url(server))
    store.write(DELETE_EVERYTHING)
    return store
