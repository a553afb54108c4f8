//! One run of every measurement, and its Markdown tables.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use crate::cases::{self, Case, Holder, RAW_64K_SECTORS};
use crate::measure::{self, Calibration, Facts, Scaling, Throughput};

/// How much to measure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Every measurement at full length, callgrind included when valgrind
    /// is installed.
    Full,
    /// Every path once, no callgrind, minimal timing loops: proves the
    /// bench still runs (CI); its timing figures mean nothing.
    Quick,
}

/// One row of the main table.
#[derive(Clone, Debug)]
pub struct Row {
    /// The path.
    pub case: Case,
    /// In-process facts.
    pub facts: Facts,
    /// Instructions per request (callgrind), if measured.
    pub instructions: Option<f64>,
}

/// One request under the three lock states.
#[derive(Clone, Debug)]
pub struct LockRow {
    /// The request.
    pub name: &'static str,
    /// (holder, answer, instructions per request).
    pub states: Vec<(Holder, String, Option<f64>)>,
}

/// One line of the anchor table.
#[derive(Clone, Debug)]
pub struct AnchorRow {
    /// The drive and its rate.
    pub drive: &'static str,
    /// Bytes per second the drive delivers.
    pub bytes_per_s: f64,
    /// The request the data arrives in.
    pub request: &'static str,
    /// Bytes per request.
    pub request_bytes: usize,
    /// Instructions per request (callgrind), if measured.
    pub instructions: Option<f64>,
    /// Driver wall time per request, ns (device moving no data).
    pub ns_per_request: f64,
}

impl AnchorRow {
    /// Requests per second at the drive's rate.
    pub fn requests_per_s(&self) -> f64 {
        self.bytes_per_s / self.request_bytes as f64
    }

    /// Fraction of one core the driver spends per second of transfer.
    pub fn core_fraction(&self) -> f64 {
        self.requests_per_s() * self.ns_per_request / 1e9
    }
}

/// One request of the scaling table.
#[derive(Clone, Debug)]
pub struct ScalingRow {
    /// The request.
    pub name: &'static str,
    /// Device work per command.
    pub work: Duration,
    /// One run per thread count (1, 2, 4).
    pub runs: Vec<Scaling>,
}

/// Everything one run measured.
#[derive(Clone, Debug)]
pub struct Report {
    /// The mode.
    pub mode: Mode,
    /// Whether instructions were counted.
    pub callgrind: bool,
    /// Instructions of the empty entry (the harness's share of each row).
    pub empty_entry: Option<f64>,
    /// Instructions of `Device::run` with nothing to do (the platform's
    /// share of each serialised request).
    pub serialize_entry: Option<f64>,
    /// The main table.
    pub rows: Vec<Row>,
    /// The lock-check table.
    pub lock: Vec<LockRow>,
    /// Raw-read throughput.
    pub throughput: Vec<Throughput>,
    /// CPU cost at the anchor rates.
    pub anchors: Vec<AnchorRow>,
    /// Scaling.
    pub scaling: Vec<ScalingRow>,
    /// Disassembly of the unlocked check.
    pub disassembly: Option<Result<String, String>>,
    /// /proc/loadavg at the start.
    pub load: String,
}

/// Device work per command in the scaling table.
pub const SCALING_WORK: Duration = Duration::from_micros(100);

/// Runs every measurement.
///
/// # Errors
/// A case that does not complete as planned (the figures would describe a
/// path other than the one named).
pub fn run(mode: Mode) -> Result<Report, String> {
    let quick = mode == Mode::Quick;
    let load = std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    );
    let exe: Option<PathBuf> = if !quick && measure::have_valgrind() {
        std::env::current_exe().ok()
    } else {
        None
    };
    let count = |key: &str, steps: usize| -> Result<Option<f64>, String> {
        exe.as_deref()
            .map(|e| measure::instructions(e, key, steps))
            .transpose()
    };
    let cycles = if quick { 1 } else { 200 };

    let mut rows = Vec::new();
    for case in cases::all() {
        let facts = measure::facts(&case, cycles)?;
        let instructions = count(case.key, case.cycle.len())?;
        rows.push(Row {
            case,
            facts,
            instructions,
        });
    }
    let calibrate = |kind| {
        exe.as_deref()
            .map(|e| measure::calibration_instructions(e, kind))
            .transpose()
    };
    let empty_entry = calibrate(Calibration::Empty)?;
    let serialize_entry = calibrate(Calibration::Serialize)?;

    let mut lock = Vec::new();
    for (name, states) in cases::lock_check() {
        let mut out = Vec::new();
        for (holder, case) in states {
            let facts = measure::facts(&case, 1)?;
            let instructions = count(case.key, 1)?;
            out.push((holder, facts.answers.join(", "), instructions));
        }
        lock.push(LockRow { name, states: out });
    }

    let (samples, sample_bytes) = if quick { (1, 1) } else { (300, 1 << 20) };
    let mut throughput = Vec::new();
    let (mib, mib8) = ((1 << 20) / 2352, (8 << 20) / 2352);
    for (sectors, max_transfer) in [
        (RAW_64K_SECTORS, measure::MAX_TRANSFER),
        (mib, measure::MAX_TRANSFER),
        (mib8, measure::MAX_TRANSFER),
        // The same 8 MiB through a port that takes it in one command: what
        // is left of the gap is the transfer size, not the driver.
        (mib8, 8 << 20),
    ] {
        throughput.push(measure::raw_read_throughput(
            sectors,
            max_transfer,
            samples,
            sample_bytes,
        )?);
    }

    let anchors = anchors(&rows, quick)?;

    let duration = Duration::from_millis(if quick { 5 } else { 500 });
    let mut scaling = Vec::new();
    for (name, key, work) in [
        ("READ_TOC", "read-toc", SCALING_WORK),
        ("RAW_READ 1 sector", "raw-1", SCALING_WORK),
        (
            "GET_INQUIRY_DATA (no device I/O)",
            "inquiry",
            Duration::ZERO,
        ),
    ] {
        let case = cases::find(key).ok_or("missing case")?;
        let mut runs = Vec::new();
        for threads in [1, 2, 4] {
            // Best of two runs: the machine is shared.
            let mut best: Option<Scaling> = None;
            for _ in 0..if quick { 1 } else { 2 } {
                let run = measure::scaling(&case.cycle[0], work, threads, duration)?;
                if best.is_none_or(|b| run.requests_per_s > b.requests_per_s) {
                    best = Some(run);
                }
            }
            runs.extend(best);
        }
        scaling.push(ScalingRow { name, work, runs });
    }

    let disassembly = (!quick).then(|| {
        std::env::current_exe()
            .map_err(|e| e.to_string())
            .and_then(|exe| measure::disassembly(&exe))
    });

    Ok(Report {
        mode,
        callgrind: exe.is_some(),
        empty_entry,
        serialize_entry,
        rows,
        lock,
        throughput,
        anchors,
        scaling,
        disassembly,
        load,
    })
}

fn anchors(rows: &[Row], quick: bool) -> Result<Vec<AnchorRow>, String> {
    const CD_52X: f64 = 7.8e6;
    const BD_12X: f64 = 54e6;
    let (rounds, requests) = if quick { (1, 10) } else { (5, 20_000) };
    let mut out = Vec::new();
    for (drive, bytes_per_s, key, request) in [
        (
            "CD 52×",
            CD_52X,
            "raw-27",
            "RAW_READ 27 CDDA sectors (63504 B)",
        ),
        (
            "CD 52×",
            CD_52X,
            "read-passdown",
            "IRP_MJ_READ 64 KiB, passed down",
        ),
        (
            "BD 12×",
            BD_12X,
            "read-streaming",
            "IRP_MJ_READ 64 KiB, streaming READ(12)",
        ),
        (
            "BD 12×",
            BD_12X,
            "read-passdown",
            "IRP_MJ_READ 64 KiB, passed down",
        ),
    ] {
        let row = rows
            .iter()
            .find(|r| r.case.key == key)
            .ok_or_else(|| format!("no row {key}"))?;
        let request_bytes = row.case.cycle[0].op.buffer_len();
        out.push(AnchorRow {
            drive,
            bytes_per_s,
            request,
            request_bytes,
            instructions: row.instructions,
            ns_per_request: measure::driver_ns_per_request(&row.case, rounds, requests)?,
        });
    }
    Ok(out)
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.digits$}"))
}

impl Report {
    /// Every problem the run found against its targets (empty when all
    /// targets are met). Timing targets are not included in quick mode.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        for r in &self.rows {
            if r.facts.core_allocations != 0.0 {
                p.push(format!(
                    "{}: {} core allocations/request",
                    r.case.key, r.facts.core_allocations
                ));
            }
            if r.facts.host_violations != 0 {
                p.push(format!(
                    "{}: {} verifier violations",
                    r.case.key, r.facts.host_violations
                ));
            }
        }
        for t in &self.throughput {
            if !t.all_complete || !t.data_verified || t.bytes_copied != 0 || !t.device_moved_all {
                p.push(format!(
                    "raw read of {} B: complete {}, data {}, copied {}, device bytes {}",
                    t.bytes,
                    t.all_complete,
                    t.data_verified,
                    t.bytes_copied,
                    t.device_bytes()
                ));
            }
        }
        for s in &self.scaling {
            for r in s.runs.iter().filter(|r| r.bad != 0) {
                p.push(format!(
                    "scaling {} × {}: {} unexpected answers",
                    s.name, r.threads, r.bad
                ));
            }
        }
        p
    }

    /// Timing targets this run missed (raw-read throughput below 0.9 of
    /// memcpy). Reported, not failed: on a shared machine a timing is
    /// evidence, not a verdict.
    pub fn timing_notes(&self) -> Vec<String> {
        if self.mode != Mode::Full {
            return Vec::new();
        }
        self.throughput
            .iter()
            .filter(|t| t.ratio < 0.9)
            .map(|t| {
                format!(
                    "raw read of {} B (port max {} B): {:.3} of one memcpy, {:.3} of memcpy in the port's pieces",
                    t.bytes, t.max_transfer, t.ratio, t.ratio_pieces
                )
            })
            .collect()
    }

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let _ = self.write(&mut s);
        s
    }

    fn write(&self, s: &mut String) -> std::fmt::Result {
        if self.mode == Mode::Quick {
            writeln!(
                s,
                "**Quick mode: every path once; the timing figures below mean nothing.**\n"
            )?;
        }
        writeln!(
            s,
            "Machine: {} CPUs, load average {} at the start of the run.\n",
            std::thread::available_parallelism().map_or(0, usize::from),
            self.load
        )?;

        writeln!(s, "## Per request: instructions, allocations, copies\n")?;
        writeln!(
            s,
            "Instructions: callgrind, collection on inside the driver's entry point and off inside \
             the RAM drive's `execute` (the device's work excluded); steady state after two warm-up \
             cycles. Allocations: counted per thread by the global allocator; \"core\" is the driver \
             on the bench platform, \"host stack\" is the same request through `cdfilter_host::Stack` \
             (poisoned buffers, recorder, verifier). Copied: bytes the driver itself copied into the \
             caller's buffer (`Ctx::copy_out`). A row with two requests is a cycle (lock + unlock); \
             its figures are per request.\n"
        )?;
        if !self.callgrind {
            writeln!(s, "(instructions not counted: valgrind not run)\n")?;
        }
        writeln!(
            s,
            "| family | request | answer | instructions/request | allocations/request (core) | allocations/request (host stack) | bytes copied/request | device commands/request |"
        )?;
        writeln!(s, "|---|---|---|---:|---:|---:|---:|---:|")?;
        for r in &self.rows {
            writeln!(
                s,
                "| {} | {} | {} | {} | {:.2} | {} | {:.0} | {:.2} |",
                r.case.family,
                r.case.what,
                r.facts.answers.join(", "),
                num(r.instructions, 0),
                r.facts.core_allocations,
                num(r.facts.host_allocations, 2),
                r.facts.bytes_copied,
                r.facts.commands,
            )?;
        }
        if let Some(e) = self.empty_entry {
            writeln!(
                s,
                "\nOf each row, {e:.0} instructions are the harness's call itself (building the request and \
                 calling the entry point, measured on an entry that calls nothing)."
            )?;
        }
        if let Some(e) = self.serialize_entry {
            writeln!(
                s,
                "Of each request that runs serialised, about {e:.0} instructions are `Device::run` with \
                 nothing to do: the platform's lock and unlock (a std `Mutex` here, a WDF wait lock in \
                 the kernel), the lock re-check and the context."
            )?;
        }

        writeln!(
            s,
            "\n## Exclusive-lock check: instructions per request by lock state\n"
        )?;
        writeln!(
            s,
            "| request | {} | {} | {} | added by a held lock (own handle) |",
            Holder::Free.title(),
            Holder::Requester.title(),
            Holder::Other.title()
        )?;
        writeln!(s, "|---|---|---|---|---:|")?;
        for l in &self.lock {
            let cell = |h: Holder| {
                l.states
                    .iter()
                    .find(|(x, _, _)| *x == h)
                    .map_or_else(String::new, |(_, a, i)| format!("{} — {a}", num(*i, 0)))
            };
            let ins = |h: Holder| {
                l.states
                    .iter()
                    .find(|(x, _, _)| *x == h)
                    .and_then(|(_, _, i)| *i)
            };
            let added = ins(Holder::Requester)
                .zip(ins(Holder::Free))
                .map(|(a, b)| a - b);
            writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                l.name,
                cell(Holder::Free),
                cell(Holder::Requester),
                cell(Holder::Other),
                num(added, 0)
            )?;
        }

        writeln!(
            s,
            "\n## Raw read (CDDA) throughput vs a bare memcpy of the same bytes\n"
        )?;
        writeln!(
            s,
            "The memcpy copies the same image bytes into the same buffer the driver's requests fill; \
             \"pieces\" copies them in the port's transfer size (whole sectors), as the device does. Samples of \
             the three are interleaved ({} each, at least 1 MiB per sample); MB/s and the ratios \
             come from the best sample of each (other work on the shared machine only ever slows a \
             sample down).\n",
            self.throughput.first().map_or(0, |t| t.samples)
        )?;
        writeln!(
            s,
            "| request | port max transfer | answer | every request SUCCESS with Information = bytes | data verified | READ CDs/request | device bytes/request | bytes copied by the driver | driver MB/s | memcpy MB/s | ratio | memcpy in pieces MB/s | ratio to pieces |"
        )?;
        writeln!(
            s,
            "|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        )?;
        for t in &self.throughput {
            writeln!(
                s,
                "| {} sectors ({} B) | {} KiB | {} | {} | {} | {:.0} | {:.0} | {} | {:.0} | {:.0} | {:.3} | {:.0} | {:.3} |",
                t.sectors,
                t.bytes,
                t.max_transfer / 1024,
                t.answer,
                if t.all_complete { "yes" } else { "NO" },
                if t.data_verified { "yes" } else { "NO" },
                t.commands,
                t.device_bytes(),
                t.bytes_copied,
                t.driver_mb_s,
                t.memcpy_mb_s,
                t.ratio,
                t.pieces_mb_s,
                t.ratio_pieces,
            )?;
        }

        writeln!(s, "\n## Driver CPU cost at real drive rates\n")?;
        writeln!(
            s,
            "Requests per second = drive rate ÷ request size. ns/request: wall time of the driver with a \
             device that moves no data (best of rounds). Fraction of one core = requests/s × ns/request.\n"
        )?;
        writeln!(
            s,
            "| drive | request | requests/s | instructions/request | instructions/s | ns/request | fraction of one core |"
        )?;
        writeln!(s, "|---|---|---:|---:|---:|---:|---:|")?;
        for a in &self.anchors {
            writeln!(
                s,
                "| {} ({:.1} MB/s) | {} | {:.0} | {} | {} | {:.0} | {:.2e} |",
                a.drive,
                a.bytes_per_s / 1e6,
                a.request,
                a.requests_per_s(),
                num(a.instructions, 0),
                num(a.instructions.map(|i| i * a.requests_per_s()), 0),
                a.ns_per_request,
                a.core_fraction(),
            )?;
        }

        writeln!(s, "\n## Scaling: one device, one handle per thread\n")?;
        writeln!(
            s,
            "This machine has {} CPUs, shared with other work (load above). Device-bound rows: every \
             command keeps the RAM drive busy for {} µs (the thread sleeps inside `execute`, under the \
             device's serialisation, as it waits for a real drive). \"device busy\" = time inside \
             `execute` ÷ wall time: 1.00 means the device's serialisation is the only limit. CPU \
             µs/request and the share of time spent waiting for a CPU come from \
             /proc/thread-self/schedstat.\n",
            std::thread::available_parallelism().map_or(0, usize::from),
            SCALING_WORK.as_micros()
        )?;
        writeln!(
            s,
            "| request | device work/command | threads | requests/s | device busy | CPU µs/request | waiting for a CPU |"
        )?;
        writeln!(s, "|---|---:|---:|---:|---:|---:|---:|")?;
        for r in &self.scaling {
            for run in &r.runs {
                writeln!(
                    s,
                    "| {} | {} | {} | {:.0} | {} | {} | {} |",
                    r.name,
                    if r.work.is_zero() {
                        "none (not serialised)".to_owned()
                    } else {
                        format!("{} µs", r.work.as_micros())
                    },
                    run.threads,
                    run.requests_per_s,
                    num(run.device_busy, 2),
                    num(run.cpu_us_per_request, 3),
                    run.cpu_wait_share
                        .map_or_else(|| "—".to_owned(), |w| format!("{:.0} %", w * 100.0)),
                )?;
            }
        }

        if let Some(d) = &self.disassembly {
            writeln!(
                s,
                "\n## Generated code of the lock check (release build, objdump -M intel)\n"
            )?;
            writeln!(
                s,
                "The entry point as the driver's dispatch compiles it: with the lock free, the check is \
                 the load of `exclusive_owner`, a test and a branch; then normalisation and the hashed \
                 table look-up. `may_access` (and `may_issue`) run only while a handle holds the lock.\n"
            )?;
            match d {
                Ok(text) => writeln!(s, "```text\n{text}```")?,
                Err(e) => writeln!(s, "(not available: {e})")?,
            }
        }
        let problems = self.problems();
        let notes = self.timing_notes();
        writeln!(s, "\n## Targets\n")?;
        if problems.is_empty() {
            writeln!(
                s,
                "Met: 0 allocations in the core on every path, 0 verifier violations, every raw read \
                 complete with the bytes requested, the device's bytes in the caller's buffer and 0 bytes \
                 copied by the driver."
            )?;
        } else {
            for p in problems {
                writeln!(s, "- MISSED: {p}")?;
            }
        }
        if self.mode == Mode::Full {
            if notes.is_empty() {
                writeln!(
                    s,
                    "Throughput: every raw read at ≥ 0.9 of a bare memcpy in this run."
                )?;
            } else {
                writeln!(s, "\nThroughput below 0.9 of a bare memcpy in this run (timing on a shared machine; reported, not failed):")?;
                for n in notes {
                    writeln!(s, "- {n}")?;
                }
            }
        }
        Ok(())
    }
}
