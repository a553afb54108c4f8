//! `cdromctl demo` (and `cdromctl` without arguments): a tour of the
//! built-in disc through the driver stack — device information, the TOC,
//! a short rip, audio play with the Q channel, the exclusive lock seen
//! from two handles, and the verifier's summary.
//!
//! Every step states what it expects; the tour goes on after a step that
//! did not hold, and exits 1 at the end if any did not.

use std::fmt::Write as _;

use serde_json::{json, Value};

use cdfilter_core::abi::audio::AudioStatus;
use cdfilter_core::abi::rawread::COOKED_SECTOR_SIZE;
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::scsi::config::MAXIMUM_CDROM_INQUIRY_SIZE;
use cdfilter_core::status::NtStatus;

use super::{audio, exclusive, info, rawread, toc};
use crate::backend::Backend;
use crate::error::{internal, Error, EXIT_DEVICE};
use crate::render::Out;
use crate::session::{Session, NO_INPUT};

/// The audio track the tour rips and plays.
const TRACK: u8 = 2;
/// Sectors the tour rips (one second).
const RIP_SECTORS: u32 = 75;
/// The lock holder's name.
const LOCK_NAME: &str = "cdromctl demo";

/// The tour's printer: numbered sections, and whether every step held.
struct Tour {
    out: Out,
    held: bool,
    section: usize,
}

impl Tour {
    fn section(&mut self, title: &str, result: Result<(String, Value), Error>) {
        self.section += 1;
        let (text, value) = match result {
            Ok(r) => r,
            Err(e) => {
                self.held = false;
                (format!("  ✗ {e}\n"), e.json())
            }
        };
        let head = format!("\n{}. {title}\n", self.section);
        self.out
            .emit(&(head + &text), &json!({"section": title, "result": value}));
    }
}

/// Runs the tour.
pub fn run(backend: &dyn Backend, out: Out) -> Result<u8, Error> {
    let mut tour = Tour {
        out,
        held: true,
        section: 0,
    };
    if !out.json {
        println!(
            "cdromctl demo: {} through the cdfilter driver stack",
            backend.describe()
        );
    }
    let s = Session::open(backend)?;
    tour.section("Device", device(&s));
    tour.section(
        "Table of contents",
        toc::read(&s).map(|t| (toc::text(&t), toc::json(&t))),
    );
    tour.section("A short rip", rip(&s));
    let audio = play(&s, &mut tour.held);
    tour.section("Audio play and the Q channel", audio);
    drop(s);
    let lock = lock_scenario(backend, &mut tour.held);
    tour.section("The exclusive lock, seen from two handles", lock);
    let requests = backend.requests_checked();
    let violations = backend.violations();
    if !violations.is_empty() {
        tour.held = false;
    }
    let mut text = match requests {
        Some(n) => format!(
            "  {n} requests checked by the KMDF model's verifier: completed once, Information within the buffer,\n  \
             no byte written past Information, no stale bytes returned, handles cleaned up without locks.\n  \
             {} violations\n",
            violations.len()
        ),
        None => "  (the verifier runs only over the host stack)\n".to_owned(),
    };
    for v in &violations {
        let _ = writeln!(text, "  ✗ {v}");
    }
    tour.section(
        "Driver-Verifier-style checks",
        Ok((
            text,
            json!({"requests_checked": requests, "violations": violations}),
        )),
    );
    if !out.json {
        println!(
            "\n{}",
            if tour.held {
                "Every step did what it should."
            } else {
                "Some steps did not do what they should (marked ✗)."
            }
        );
    }
    Ok(if tour.held { 0 } else { EXIT_DEVICE })
}

fn device(s: &Session<'_>) -> Result<(String, Value), Error> {
    let i = info::inquiry(s)?;
    let c = info::configuration(s)?;
    let g = info::geometry(s)?;
    let text = info::inquiry_text(&i) + &info::configuration_text(&c) + &info::geometry_text(&g);
    let json = json!({
        "vendor": i.vendor, "product": i.product, "revision": i.revision,
        "profile": c.current_profile, "bytes_per_sector": g.geometry.bytes_per_sector,
        "disk_size": g.disk_size,
    });
    Ok((text, json))
}

/// A section that does not apply to this disc or drive.
fn skipped(why: &str) -> (String, Value) {
    (format!("  skipped: {why}\n"), json!({ "skipped": why }))
}

/// Whether the disc has audio track [`TRACK`].
fn has_audio_track(s: &Session<'_>) -> Result<bool, Error> {
    Ok(toc::read(s)?.track(TRACK).is_some_and(|t| !t.is_data()))
}

fn rip(s: &Session<'_>) -> Result<(String, Value), Error> {
    if !has_audio_track(s)? {
        return Ok(skipped("the disc has no audio track 2"));
    }
    let dir = tempfile::tempdir().map_err(|e| internal(format!("temporary directory: {e}")))?;
    let path = dir.path().join("demo-track02.wav");
    let o = rawread::RipOptions {
        track: TRACK,
        out: &path,
        chunk: 26,
        retries: 3,
        sectors: Some(RIP_SECTORS),
    };
    let (_, text, json) = rawread::rip(s, false, &o)?;
    let note = "  (the temporary WAV is removed when the tour ends)\n";
    Ok((
        format!(
            "  first second of track {TRACK} through IOCTL_CDROM_RAW_READ (CDDA)\n{text}{note}"
        ),
        json,
    ))
}

/// Plays track 2, lets one second pass, reads the position, pauses,
/// reads it again, resumes and stops.
fn play(s: &Session<'_>, held: &mut bool) -> Result<(String, Value), Error> {
    let mut text = String::new();
    let mut steps = Vec::new();
    if !has_audio_track(s)? {
        return Ok(skipped("the disc has no audio track 2"));
    }
    let (start, end) = audio::play_range(s, Some(TRACK), None, None)?;
    match audio::play(s, start, end) {
        Err(Error::Device(f)) if f.status == NtStatus::INVALID_DEVICE_REQUEST => {
            return Ok(skipped(&format!(
                "the drive does not play audio (PLAY AUDIO MSF: {})",
                f.status
            )));
        }
        r => r?,
    }
    let _ = writeln!(
        text,
        "  play track {TRACK} ({})",
        audio::range_text(start, end)
    );
    let mut expect = |what: &str, p: &audio::Position, status: AudioStatus, text: &mut String| {
        let ok = p.status == status && p.track == TRACK;
        *held &= ok;
        let [_, am, asec, af] = p.absolute;
        let [_, rm, rsec, rf] = p.relative;
        let _ = writeln!(
            text,
            "  {} {what:<26} {:<8} track {} index {}  absolute {am:02}:{asec:02}:{af:02}  relative {rm:02}:{rsec:02}:{rf:02}",
            if ok { "✓" } else { "✗" },
            audio::status_name(p.status),
            p.track,
            p.index,
        );
        steps.push(
            json!({"step": what, "audio_status": audio::status_name(p.status), "track": p.track,
            "index": p.index, "absolute": format!("{am:02}:{asec:02}:{af:02}"),
            "relative": format!("{rm:02}:{rsec:02}:{rf:02}"), "held": ok}),
        );
    };
    s.backend().advance(75);
    expect(
        "position after 1 s",
        &audio::position(s)?,
        AudioStatus::IN_PROGRESS,
        &mut text,
    );
    audio::simple(s, Ioctl::CdromPauseAudio)?;
    s.backend().advance(75);
    expect(
        "pause, 1 s later",
        &audio::position(s)?,
        AudioStatus::PAUSED,
        &mut text,
    );
    audio::simple(s, Ioctl::CdromResumeAudio)?;
    s.backend().advance(75);
    expect(
        "resume, 1 s later",
        &audio::position(s)?,
        AudioStatus::IN_PROGRESS,
        &mut text,
    );
    audio::simple(s, Ioctl::CdromStopAudio)?;
    let _ = writeln!(text, "  stop");
    Ok((text, json!({ "steps": steps })))
}

/// One step of the lock scenario: who, what, the status expected and got.
fn step(
    rows: &mut Vec<Value>,
    text: &mut String,
    held: &mut bool,
    who: &str,
    what: &str,
    expected: NtStatus,
    got: Result<(), Error>,
) {
    let (status, detail) = match &got {
        Ok(()) => (NtStatus::SUCCESS, String::new()),
        Err(Error::Device(f)) => (f.status, format!(": {}", f.meaning)),
        Err(e) => (NtStatus(u32::MAX), format!(": {e}")),
    };
    let ok = status == expected;
    *held &= ok;
    let _ = writeln!(
        text,
        "  {} {who}: {what:<34} {}{detail}",
        if ok { "✓" } else { "✗" },
        status
    );
    rows.push(
        json!({"handle": who, "request": what, "status": status.name(),
        "ntstatus": status.0, "expected": expected.name(), "held": ok}),
    );
}

/// Whether the class driver below polls the drive, where the backend can
/// tell: paused from the lock to the holder's close.
fn polling(
    backend: &dyn Backend,
    rows: &mut Vec<Value>,
    text: &mut String,
    held: &mut bool,
    want_paused: bool,
) {
    let Some(paused) = backend.lower_polling_paused() else {
        return;
    };
    let ok = paused == want_paused;
    *held &= ok;
    let state = if paused { "paused" } else { "running" };
    let _ = writeln!(
        text,
        "  {}    the class driver's media-change polling: {state}",
        if ok { "✓" } else { "✗" },
    );
    rows.push(json!({"paused": paused, "expected_paused": want_paused, "held": ok}));
}

/// Lock by A; A's TOC succeeds; B's TOC is denied; B's INQUIRY succeeds;
/// B's read is refused; A closes; B's TOC succeeds.
fn lock_scenario(backend: &dyn Backend, held: &mut bool) -> Result<(String, Value), Error> {
    let mut text = String::new();
    let mut rows = Vec::new();
    let mut polled = Vec::new();
    let a = Session::open(backend)?;
    let b = Session::open(backend)?;
    let toc_of = |s: &Session<'_>| toc::read(s).map(drop);
    macro_rules! st {
        ($who:expr, $what:expr, $expected:expr, $got:expr $(,)?) => {
            step(&mut rows, &mut text, held, $who, $what, $expected, $got)
        };
    }
    st!(
        "A",
        "lock \"cdromctl demo\"",
        NtStatus::SUCCESS,
        exclusive::lock(&a, LOCK_NAME, false),
    );
    polling(backend, &mut polled, &mut text, held, true);
    st!("A", "IOCTL_CDROM_READ_TOC", NtStatus::SUCCESS, toc_of(&a));
    st!(
        "B",
        "IOCTL_CDROM_READ_TOC",
        NtStatus::ACCESS_DENIED,
        toc_of(&b),
    );
    st!(
        "B",
        "IOCTL_CDROM_GET_INQUIRY_DATA",
        NtStatus::SUCCESS,
        b.send(
            Ioctl::CdromGetInquiryData,
            NO_INPUT,
            usize::from(MAXIMUM_CDROM_INQUIRY_SIZE),
        )
        .map(drop),
    );
    st!(
        "B",
        "IRP_MJ_READ of LBA 16",
        NtStatus::ACCESS_DENIED,
        b.read(16 * COOKED_SECTOR_SIZE, COOKED_SECTOR_SIZE as usize)
            .map(drop),
    );
    drop(a);
    st!("A", "close (releases the lock)", NtStatus::SUCCESS, Ok(()));
    polling(backend, &mut polled, &mut text, held, false);
    st!("B", "IOCTL_CDROM_READ_TOC", NtStatus::SUCCESS, toc_of(&b));
    Ok((
        text,
        json!({ "steps": rows, "class_driver_polling": polled }),
    ))
}
