"""``python -m bench.load``: the built sample under a crisis spike, shipped nginx rules vs defaults.

What it does (issue 16, part 5):

1. publishes the shipped sample project (``mkdocs.yml``, ``incidents/``,
   ``site_src/``, ``themes/`` of this repository) with ``darksite publish``
   into a temporary folder, so the release has its precompressed ``.gz``
   files, and makes the first active incident's page the "incident page";
2. starts two Debian nginx servers on loopback over the same release, one
   worker process each: **shipped**, whose server block includes the
   release's own ``nginx-darksite.conf`` (cache headers, ``gzip_static``,
   ``gzip`` for the rest), and **defaults**, with nothing but ``root``,
   ``mime.types`` and nginx's defaults (no compression at all); and, to show
   what ``gzip_static`` saves, the shipped rules over a copy of the release
   without its ``.gz`` files (nginx then compresses every response);
3. checks, once per path, that the shipped server answers a client that
   accepts gzip with the precompressed file itself (the bytes of the
   ``.gz`` on disk, ``Content-Encoding: gzip``);
4. loads each path (home, incident page, lite page, ``status.json``) with
   ``wrk`` (Debian package ``wrk``), as phones do (``Accept-Encoding: gzip,
   deflate, br``), for ``--seconds`` per run and ``--connections``
   connections, the two servers interleaved run by run; reports requests per
   second and the p50/p95/p99 latency (wrk's own histogram, through its Lua
   ``done`` hook), the median over ``--runs`` runs.

Writes ``bench/results/load.md``; ``--write-docs`` also replaces the "Load"
section of docs/performance.md. Bounded in time: about
``3 servers x 4 paths x runs x seconds`` (120 s by default). Not part of the
test suite: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "results" / "load.md"
DOCS = REPO / "docs" / "performance.md"
NGINX = Path("/usr/sbin/nginx")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
DARKSITE = shutil.which("darksite") or str(Path(sys.executable).parent / "darksite")
ACCEPT = "gzip, deflate, br"
SECTION = "## Load"
DYNAMIC = "shipped, no .gz"
"""The shipped rules over the release without its .gz files: nginx compresses each response."""

REPORT_LUA = """\
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, "non2xx": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Run:
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    bytes_per_response: float
    errors: int
    cpu_us: float = 0.0
    """CPU time of the nginx worker per request (user + system): fair on a shared machine."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def publish_sample(work: Path) -> Path:
    """The shipped sample, published as a user would: the live release folder."""
    project = work / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "incidents", "site_src", "themes"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.is_file():
            shutil.copy2(source, project / name)
    env = {**os.environ}
    env.pop("DARKSITE_REHEARSAL", None)
    subprocess.run([DARKSITE, "publish", "--to", str(work / "public")], cwd=project,
                   check=True, capture_output=True, env=env, timeout=600)
    return (work / "public" / "current").resolve()


def incident_path(release: Path) -> str:
    """The URL path of the first active incident's page (from the release's status.json)."""
    status = json.loads((release / "status.json").read_text(encoding="utf-8"))
    text = json.dumps(status)
    for incident_id in re.findall(r'"id": "([a-z0-9-]+)"', text):
        if (release / incident_id / "index.html").is_file():
            return f"/{incident_id}/"
    raise SystemExit("bench.load: the sample has no incident page to load")


def nginx_conf(prefix: Path, site: Path, port: int, shipped: bool) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"  {kind}_temp_path {prefix}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    inside = f"    include {site / 'nginx-darksite.conf'};\n" if shipped else ""
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
{temp}
  server {{
    listen 127.0.0.1:{port};
    root {site};
{inside}  }}
}}
"""


class Nginx:
    def __init__(self, site: Path, prefix: Path, shipped: bool) -> None:
        prefix.mkdir(parents=True)
        self.port = free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_conf(prefix, site, self.port, shipped), encoding="utf-8")
        subprocess.run([str(NGINX), "-t", "-q", "-p", str(prefix), "-c", str(conf)], check=True)
        self.process = subprocess.Popen([str(NGINX), "-p", str(prefix), "-c", str(conf),
                                         "-g", "daemon off;"])
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def worker_cpu(self) -> float:
        """Seconds of CPU the worker process has used (user + system), from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        total = 0.0
        for pid in children.read_text().split():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def check_precompressed(url: str, release: Path, path: str) -> tuple[bool, int]:
    """(sent the .gz file itself, its size) for ``path`` on the shipped server."""
    file = path.strip("/") or "index.html"
    if path.endswith("/") and path != "/":
        file = path.strip("/") + "/index.html"
    request = urllib.request.Request(url + path, headers={"Accept-Encoding": ACCEPT})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding")
    compressed = release / (file + ".gz")
    return (encoding == "gzip" and compressed.is_file()
            and body == compressed.read_bytes()), len(body)


def load(server: Nginx, path: str, seconds: int, connections: int, threads: int,
         script: Path) -> Run:
    url = server.url + path
    cpu = server.worker_cpu()
    done = subprocess.run(
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
         "-H", f"Accept-Encoding: {ACCEPT}", "-s", str(script), url],
        capture_output=True, text=True, timeout=seconds + 60, check=True)
    cpu = server.worker_cpu() - cpu
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    data = json.loads(line[len("RESULT "):])
    requests = max(int(data["requests"]), 1)
    return Run(rps=data["requests"] / (data["duration_us"] / 1e6),
               p50_ms=data["p50"] / 1000, p95_ms=data["p95"] / 1000, p99_ms=data["p99"] / 1000,
               bytes_per_response=data["bytes"] / requests,
               errors=int(data["errors"]) + int(data["non2xx"]), cpu_us=cpu * 1e6 / requests)


def median_run(runs: list[Run]) -> Run:
    return Run(rps=statistics.median(r.rps for r in runs),
               p50_ms=statistics.median(r.p50_ms for r in runs),
               p95_ms=statistics.median(r.p95_ms for r in runs),
               p99_ms=statistics.median(r.p99_ms for r in runs),
               bytes_per_response=statistics.median(r.bytes_per_response for r in runs),
               errors=sum(r.errors for r in runs),
               cpu_us=statistics.median(r.cpu_us for r in runs))


def machine() -> str:
    load1 = os.getloadavg()[0]
    nginx = subprocess.run([str(NGINX), "-v"], capture_output=True, text=True).stderr.strip()
    wrk = subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    return (f"{os.cpu_count()} cores, load average {load1:.1f} at the end; {nginx}; "
            f"{wrk.strip()}")


def report(results: dict[tuple[str, str], Run], checks: dict[str, tuple[bool, int]],
           paths: dict[str, str], args: argparse.Namespace, about: str) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        SECTION, "",
        f"Measured by `python -m bench.load` on {when}: the shipped sample published by "
        f"`darksite publish`, served from loopback by Debian's nginx (1 worker process) "
        f"with the release's `nginx-darksite.conf` (**shipped**) and with nginx's defaults "
        f"(**defaults**: no compression), and with the shipped rules over the release "
        f"without its `.gz` files (**{DYNAMIC}**: nginx gzips each response), loaded by "
        f"`wrk` with {args.connections} "
        f"connections and {args.threads} thread(s), `Accept-Encoding: {ACCEPT}` as phones "
        f"send it, {args.seconds} s per run, the servers interleaved, median of "
        f"{args.runs} runs. Machine: {about}.",
        "",
        "| page | server | requests/s | p50 ms | p95 ms | p99 ms | nginx CPU µs/request "
        "| bytes/response | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label in paths:
        for server in ("shipped", "defaults", DYNAMIC):
            run = results[(label, server)]
            lines.append(f"| {label} | {server} | {run.rps:,.0f} | {run.p50_ms:.2f} | "
                         f"{run.p95_ms:.2f} | {run.p99_ms:.2f} | {run.cpu_us:.0f} | "
                         f"{run.bytes_per_response:,.0f} | {run.errors} |")
    lines += ["", "| page | shipped / defaults: requests/s | CPU per request | bytes per "
              "response | readers/s a 100 Mbit/s uplink carries, shipped vs defaults | sent "
              "as the precompressed `.gz` file (gzip_static) | CPU per request without the "
              "`.gz` files (gzip on) / defaults |", "|---|---|---|---|---|---|---|"]
    for label, path in paths.items():
        shipped, defaults = results[(label, "shipped")], results[(label, "defaults")]
        sent, size = checks[path]
        uplink = 100e6 / 8
        lines.append(
            f"| {label} (`{path}`) | {shipped.rps / defaults.rps:.2f} | "
            f"{shipped.cpu_us / max(defaults.cpu_us, 1e-9):.2f} | "
            f"{shipped.bytes_per_response / defaults.bytes_per_response:.2f} | "
            f"{uplink / shipped.bytes_per_response:,.0f} vs "
            f"{uplink / defaults.bytes_per_response:,.0f} | "
            f"{'yes' if sent else '**NO**'} ({size:,} bytes) | "
            f"{results[(label, DYNAMIC)].cpu_us / max(defaults.cpu_us, 1e-9):.2f} |")
    lines += ["", reading(results, paths, args)]
    lines.append("")
    return "\n".join(lines)


def reading(results: dict[tuple[str, str], Run], paths: dict[str, str],
            args: argparse.Namespace) -> str:
    """What the figures say, in words, with their ranges (so a rerun rewrites it too)."""
    def span(values: list[float]) -> str:
        return f"{min(values):.2f} to {max(values):.2f}"

    cpu = [results[(p, "shipped")].cpu_us / max(results[(p, "defaults")].cpu_us, 1e-9)
           for p in paths]
    sent = [results[(p, "shipped")].bytes_per_response
            / results[(p, "defaults")].bytes_per_response for p in paths]
    dynamic = [results[(p, DYNAMIC)].cpu_us / max(results[(p, "defaults")].cpu_us, 1e-9)
               for p in paths]
    home = [results[("home", server)].bytes_per_response for server in ("shipped", "defaults")]
    errors = sum(run.errors for (_, server), run in results.items() if server == "shipped")
    return (
        "**How to read it.** On a machine whose cores other work shares, requests/s and the "
        "latency tails swing by a factor of two or more from run to run and mostly measure "
        "what else holds the cores; **nginx's CPU time per request** is the fair comparison. "
        f"With the shipped rules nginx spends {span(cpu)} times the CPU of its defaults per "
        f"request, while sending {span(sent)} times the bytes: it sends the precompressed "
        "`.gz` file with sendfile (checked above: the bytes on the wire are the file's). The "
        f"same rules without the `.gz` files (nginx's `gzip on` alone) cost {span(dynamic)} "
        "times the CPU per request: that is what `gzip_static` saves under a spike. Behind a "
        f"100 Mbit/s uplink, bytes are the limit: it carries {12.5e6 / home[0]:,.0f} home "
        f"pages per second with the shipped rules against {12.5e6 / home[1]:,.0f} with "
        f"nginx's defaults. The shipped configuration had {errors} error(s) under "
        f"{args.connections} connections.")


def write_docs(section: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    start = text.find(f"\n{SECTION}\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start + 1] + section + ("\n" + text[end + 1:] if end >= 0 else "")
    DOCS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--write-docs", action="store_true",
                        help="replace the Load section of docs/performance.md")
    args = parser.parse_args(argv)
    for tool, package in ((NGINX, "nginx"), (Path(WRK), "wrk")):
        if not tool.is_file():
            raise SystemExit(f"bench.load: {tool} is missing: apt-get install {package}")
    with tempfile.TemporaryDirectory(prefix="darksite-load-") as scratch:
        work = Path(scratch)
        release = publish_sample(work)
        paths = {"home": "/", "incident page": incident_path(release), "lite page": "/lite/",
                 "status.json": "/status.json"}
        script = work / "report.lua"
        script.write_text(REPORT_LUA, encoding="utf-8")
        dynamic = work / "without-gz"
        shutil.copytree(release, dynamic, ignore=lambda folder, names: [
            name for name in names if name.endswith(".gz") and name != "sitemap.xml.gz"])
        servers = {"shipped": Nginx(release, work / "shipped", shipped=True),
                   "defaults": Nginx(release, work / "defaults", shipped=False),
                   DYNAMIC: Nginx(dynamic, work / "dynamic", shipped=True)}
        try:
            checks = {path: check_precompressed(servers["shipped"].url, release, path)
                      for path in paths.values()}
            runs: dict[tuple[str, str], list[Run]] = {}
            names = list(servers)
            for round_ in range(args.runs):
                order = names[round_ % len(names):] + names[:round_ % len(names)]
                for label, path in paths.items():
                    for server in order:
                        run = load(servers[server], path, args.seconds, args.connections,
                                   args.threads, script)
                        runs.setdefault((label, server), []).append(run)
                        print(f"{label:14} {server:9} {run.rps:9,.0f} req/s  p99 "
                              f"{run.p99_ms:6.2f} ms", flush=True)
        finally:
            for server in servers.values():
                server.stop()
    results = {key: median_run(value) for key, value in runs.items()}
    text = report(results, checks, paths, args, machine())
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(text)
    if args.write_docs:
        write_docs(text)
    return 0 if all(sent for sent, _ in checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
