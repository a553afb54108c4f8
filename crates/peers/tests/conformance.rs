//! Conformance of the whole driver stack against MMC implementations this
//! project did not write.
//!
//! The same ISO images go into three drives — the simulated drive, QEMU's
//! ATAPI CD-ROM and tgt's MMC logical unit — each under the full host stack
//! (`cdfilter_host::Stack::new(port)`: KMDF model, verifier checks, the
//! driver's core). Every check runs through [`conform`]: one named request
//! sequence, run on every backend on a fresh drive, each observation
//! compared with what an MMC drive must answer for the image (computed here
//! from the image itself), adjusted only by the peer's documented quirks
//! (`cdfilter_peers::quirks`, each named where it is applied). A mismatch
//! prints every backend's observation and the first differing byte.
//!
//! The simulated drive is held to the bare MMC answer: a difference there is
//! a simulator finding for the sim team, not a quirk.

mod common;

use std::fmt::Write as _;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::port::{Cdb, Command, DataPhase, Port, PortResult};
use cdfilter_core::status::NtStatus;
use cdfilter_host::disc::Disc;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::{SimConfig, SimDrive};
use cdfilter_host::{Handle, IoResult, Stack};
use cdfilter_peers::{quirks, IscsiPort, QemuPort, TgtTarget};
use common::{images, msf, Images};

// ------------------------------------------------------------ backends

/// Which drive a rig runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Backend {
    Sim,
    Qemu,
    Tgt,
}

const BACKENDS: [Backend; 3] = [Backend::Sim, Backend::Qemu, Backend::Tgt];

impl Backend {
    const fn name(self) -> &'static str {
        match self {
            Self::Sim => "sim",
            Self::Qemu => "qemu",
            Self::Tgt => "tgt",
        }
    }
}

/// The three ports behind one type, so one stack type serves all.
enum AnyPort {
    Sim(Box<SimDrive>),
    Qemu(Box<QemuPort>),
    Iscsi(IscsiPort),
}

impl Port for AnyPort {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        match self {
            Self::Sim(p) => p.execute(cmd),
            Self::Qemu(p) => p.execute(cmd),
            Self::Iscsi(p) => p.execute(cmd),
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        match self {
            Self::Sim(p) => p.max_transfer_bytes(),
            Self::Qemu(p) => p.max_transfer_bytes(),
            Self::Iscsi(p) => p.max_transfer_bytes(),
        }
    }

    fn alignment_mask(&self) -> u32 {
        match self {
            Self::Sim(p) => p.alignment_mask(),
            Self::Qemu(p) => p.alignment_mask(),
            Self::Iscsi(p) => p.alignment_mask(),
        }
    }

    fn delay(&mut self, hundred_ns: u64) {
        match self {
            Self::Sim(p) => p.delay(hundred_ns),
            Self::Qemu(p) => p.delay(hundred_ns),
            Self::Iscsi(p) => p.delay(hundred_ns),
        }
    }
}

/// The simulated drive (its default configuration: a CD-ROM reader with C2
/// pointers, sub-channel, CD-TEXT and streaming) with `disc` loaded and
/// settled.
fn sim_drive(disc: Disc) -> SimDrive {
    SimDrive::new(SimConfig::default(), Some(disc))
}

/// The operator takes the disc out of the simulated drive.
fn sim_eject(sim: &mut SimDrive) {
    sim.eject();
}

/// The operator puts `disc` into the simulated drive and closes the tray.
fn sim_insert(sim: &mut SimDrive, disc: Disc) {
    sim.insert(disc);
}

/// One backend's drive under the full stack, with one open handle.
struct Rig {
    backend: Backend,
    // Dropped before the target: the port logs out while tgtd still runs.
    stack: Stack<AnyPort>,
    handle: Handle,
    target: Option<TgtTarget>,
}

impl Rig {
    /// A fresh drive with the small image; `None` if the backend is
    /// unavailable (locally: reported loudly by `common`).
    fn new(backend: Backend, img: &Images) -> Option<Self> {
        let (port, target) = match backend {
            Backend::Sim => {
                let disc = Disc::open(&img.small).expect("the disc model reads the ISO");
                (AnyPort::Sim(Box::new(sim_drive(disc))), None)
            }
            Backend::Qemu => (AnyPort::Qemu(Box::new(common::qemu(&img.small)?)), None),
            Backend::Tgt => {
                let (target, port) = common::tgt(&img.small)?;
                (AnyPort::Iscsi(port), Some(target))
            }
        };
        let stack = Stack::new(port);
        let handle = stack.open(Granted::READ_WRITE);
        Some(Self {
            backend,
            stack,
            handle,
            target,
        })
    }

    fn ioctl(&self, id: Ioctl, input: &[u8], out_len: usize) -> Obs {
        Obs::of(&self.stack.ioctl(self.handle, id.code(), input, out_len))
    }

    fn read(&self, offset: u64, len: usize) -> Obs {
        Obs::of(&self.stack.read(self.handle, offset, len))
    }

    fn qemu(&self, f: impl FnOnce(&mut QemuPort)) {
        self.stack.with_port(|p| {
            if let AnyPort::Qemu(q) = p {
                f(q);
            }
        });
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        let violations = self.stack.violations();
        // Not inside a panic already: report verifier findings as failures.
        if !std::thread::panicking() {
            assert!(
                violations.is_empty(),
                "{}: verifier violations {violations:?}",
                self.backend.name()
            );
        }
    }
}

// --------------------------------------------------------- observations

/// What a request sequence returned: one entry per request.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
struct Obs {
    steps: Vec<Step>,
}

/// One request's status, Information and returned bytes.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Step {
    status: NtStatus,
    info: usize,
    data: Vec<u8>,
}

impl Obs {
    fn of(r: &IoResult) -> Self {
        Self {
            steps: vec![Step {
                status: r.status,
                info: r.information,
                data: if r.status.is_error() {
                    Vec::new()
                } else {
                    r.data().to_vec()
                },
            }],
        }
    }

    fn ok(data: &[u8]) -> Self {
        Self::step(NtStatus::SUCCESS, data.len(), data)
    }

    fn err(status: NtStatus) -> Self {
        Self::step(status, 0, &[])
    }

    fn step(status: NtStatus, info: usize, data: &[u8]) -> Self {
        Self {
            steps: vec![Step {
                status,
                info,
                data: data.to_vec(),
            }],
        }
    }

    /// Appends another request's observation.
    fn then(mut self, next: Self) -> Self {
        self.steps.extend(next.steps);
        self
    }

    /// The data of the only (or last) step, for quirk edits.
    fn data_mut(&mut self) -> &mut Vec<u8> {
        &mut self.steps.last_mut().expect("one step").data
    }
}

fn hex(b: &[u8]) -> String {
    let mut s = String::new();
    for (i, x) in b.iter().enumerate().take(48) {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{x:02x}");
    }
    if b.len() > 48 {
        let _ = write!(s, " … ({} bytes)", b.len());
    }
    s
}

fn describe(o: &Obs) -> String {
    o.steps
        .iter()
        .map(|s| format!("[{} info {} data {}]", s.status, s.info, hex(&s.data)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn first_difference(want: &Obs, got: &Obs) -> String {
    if want.steps.len() != got.steps.len() {
        return format!(
            "{} steps expected, {} observed",
            want.steps.len(),
            got.steps.len()
        );
    }
    for (i, (w, g)) in want.steps.iter().zip(&got.steps).enumerate() {
        if w.status != g.status {
            return format!(
                "step {i}: status {} expected, {} observed",
                w.status, g.status
            );
        }
        if w.info != g.info {
            return format!(
                "step {i}: Information {} expected, {} observed",
                w.info, g.info
            );
        }
        if let Some(k) = (0..w.data.len().min(g.data.len())).find(|&k| w.data[k] != g.data[k]) {
            return format!(
                "step {i}: byte {k}: {:02x} expected, {:02x} observed",
                w.data[k], g.data[k]
            );
        }
        if w.data.len() != g.data.len() {
            return format!(
                "step {i}: {} bytes expected, {} observed",
                w.data.len(),
                g.data.len()
            );
        }
    }
    String::new()
}

/// Runs the check `name` on every backend (a fresh drive each) and compares
/// each observation with `expect(backend, rig)`: the MMC answer for the
/// image, with that peer's documented quirks applied (the rig is there for
/// oracles that ask the drive itself, after `run`). Fails with a report of
/// every backend when any differs.
fn conform(
    name: &str,
    img: &Images,
    run: impl Fn(&Rig) -> Obs,
    expect: impl Fn(Backend, &Rig) -> Obs,
) {
    conform_on(&BACKENDS, name, img, run, expect);
}

/// [`conform`] on some of the backends only.
fn conform_on(
    backends: &[Backend],
    name: &str,
    img: &Images,
    run: impl Fn(&Rig) -> Obs,
    expect: impl Fn(Backend, &Rig) -> Obs,
) {
    let mut report = String::new();
    let mut failed = false;
    for &backend in backends {
        let Some(rig) = Rig::new(backend, img) else {
            // Not installed (reported loudly by `common`; fails under CI).
            let _ = writeln!(report, "  {:4}: not run", backend.name());
            continue;
        };
        let got = run(&rig);
        let want = expect(backend, &rig);
        drop(rig);
        if got == want {
            let _ = writeln!(report, "  {:4}: ok {}", backend.name(), describe(&got));
        } else {
            failed = true;
            let _ = writeln!(
                report,
                "  {:4}: DIFFERS ({})\n        expected {}\n        observed {}",
                backend.name(),
                first_difference(&want, &got),
                describe(&want),
                describe(&got)
            );
        }
    }
    assert!(!failed, "conformance check `{name}`:\n{report}");
}

// ------------------------------------------------------- the MMC answers

/// Sectors of the small image.
fn sectors(img: &Images) -> u32 {
    img.small_sectors()
}

/// The format-0 TOC of a one-track Mode 1 disc, MSF or LBA addresses.
fn toc(img: &Images, msf_form: bool) -> Vec<u8> {
    let addr = |lba: u32| -> [u8; 4] {
        if msf_form {
            let [m, s, f] = msf(lba);
            [0, m, s, f]
        } else {
            lba.to_be_bytes()
        }
    };
    let mut v = vec![0, 0x12, 1, 1, 0, 0x14, 1, 0];
    v.extend_from_slice(&addr(0));
    v.extend_from_slice(&[0, 0x14, 0xAA, 0]);
    v.extend_from_slice(&addr(sectors(img)));
    v
}

/// The format-0 TOC as each backend delivers it.
fn toc_for(backend: Backend, img: &Images, msf_form: bool) -> Obs {
    let mut v = toc(img, msf_form);
    match backend {
        Backend::Sim => {}
        Backend::Qemu => v[13] = quirks::QEMU_LEADOUT_ADR_CONTROL,
        Backend::Tgt => {
            if msf_form {
                v[17] = quirks::TGT_MSF_LEADOUT[0];
            }
            v.truncate(quirks::TGT_TOC_LEN);
        }
    }
    Obs::ok(&v)
}

/// The format-1 (session) answer as each backend delivers it.
fn session_for(backend: Backend) -> Obs {
    let mut v = vec![0, 0x0A, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0];
    match backend {
        Backend::Sim => {}
        Backend::Qemu => {
            v[5] = 0;
            v[6] = 0;
        }
        Backend::Tgt => v.truncate(quirks::TGT_SESSION_LEN),
    }
    Obs::ok(&v)
}

fn read_toc_ex_input(format: u8, msf_form: bool, track: u8) -> [u8; 4] {
    [format | if msf_form { 0x80 } else { 0 }, track, 0, 0]
}

// --------------------------------------------------------------- checks

/// INQUIRY straight at the port (the oracle for GET_INQUIRY_DATA).
fn device_inquiry(rig: &Rig, len: u8) -> Vec<u8> {
    rig.stack.with_port(|p| {
        let mut buf = vec![0; usize::from(len)];
        let r = p.execute(Command {
            cdb: Cdb::six([0x12, 0, 0, 0, len, 0]),
            data: DataPhase::In(&mut buf),
            timeout_secs: 10,
        });
        buf.truncate(r.transferred as usize);
        buf
    })
}

#[test]
fn inquiry_data_is_the_drives_inquiry_answer() {
    let Some(img) = images() else { return };
    conform(
        "GET_INQUIRY_DATA",
        &img,
        |rig| rig.ioctl(Ioctl::CdromGetInquiryData, &[], 260),
        |_, rig| {
            // The driver caches AdditionalLength + 5 bytes (36 minimum).
            let head = device_inquiry(rig, 36);
            let len = (usize::from(head[4]) + 5).max(36);
            Obs::ok(&device_inquiry(rig, len as u8))
        },
    );
}

#[test]
fn drive_geometry_from_read_capacity() {
    let Some(img) = images() else { return };
    let n = u64::from(sectors(&img));
    let mut geometry = (n / 2048).to_le_bytes().to_vec();
    for v in [11u32, 64, 32, 2048] {
        geometry.extend_from_slice(&v.to_le_bytes());
    }
    let mut ex = geometry.clone();
    ex.extend_from_slice(&(n * 2048).to_le_bytes());
    conform(
        "GET_DRIVE_GEOMETRY(_EX)",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromGetDriveGeometry, &[], 24)
                .then(rig.ioctl(Ioctl::CdromGetDriveGeometryEx, &[], 32))
                .then(rig.ioctl(Ioctl::DiskGetDriveGeometry, &[], 24))
        },
        |_, _| {
            Obs::ok(&geometry)
                .then(Obs::ok(&ex))
                .then(Obs::ok(&geometry))
        },
    );
}

#[test]
fn capacity_and_length() {
    let Some(img) = images() else { return };
    let n = u64::from(sectors(&img));
    let mut capacity = Vec::new();
    for v in [32u32, 32, 2048, 0] {
        capacity.extend_from_slice(&v.to_le_bytes());
    }
    capacity.extend_from_slice(&n.to_le_bytes());
    capacity.extend_from_slice(&(n * 2048).to_le_bytes());
    conform(
        "STORAGE_READ_CAPACITY, DISK_GET_LENGTH_INFO",
        &img,
        |rig| {
            rig.ioctl(Ioctl::StorageReadCapacity, &[], 32)
                .then(rig.ioctl(Ioctl::DiskGetLengthInfo, &[], 8))
        },
        |_, _| Obs::ok(&capacity).then(Obs::ok(&(n * 2048).to_le_bytes())),
    );
}

#[test]
fn read_toc_msf() {
    let Some(img) = images() else { return };
    conform(
        "READ_TOC",
        &img,
        |rig| rig.ioctl(Ioctl::CdromReadToc, &[], 804),
        // quirks::QEMU_LEADOUT_CONTROL, TGT_TOC_18_BYTES, TGT_MSF_LEADOUT_FIXED.
        |backend, _| toc_for(backend, &img, true),
    );
}

#[test]
fn read_toc_ex_format_0_lba_and_msf() {
    let Some(img) = images() else { return };
    conform(
        "READ_TOC_EX format 0",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromReadTocEx, &read_toc_ex_input(0, false, 1), 804)
                .then(rig.ioctl(Ioctl::CdromReadTocEx, &read_toc_ex_input(0, true, 1), 804))
        },
        |backend, _| toc_for(backend, &img, false).then(toc_for(backend, &img, true)),
    );
}

#[test]
fn read_toc_ex_format_1_and_last_session() {
    let Some(img) = images() else { return };
    conform(
        "READ_TOC_EX format 1, GET_LAST_SESSION",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromReadTocEx, &read_toc_ex_input(1, false, 0), 12)
                .then(rig.ioctl(Ioctl::CdromGetLastSession, &[], 12))
        },
        // quirks::QEMU_SESSION_DESCRIPTOR_ZERO, TGT_SESSION_10_BYTES.
        |backend, _| session_for(backend).then(session_for(backend)),
    );
}

#[test]
fn read_toc_ex_format_2_full_toc() {
    let Some(img) = images() else { return };
    let [m, s, f] = msf(sectors(&img));
    let full = [
        0, 0x2E, 1, 1, // length, first and last session
        1, 0x14, 0, 0xA0, 0, 0, 0, 0, 1, 0, 0, // first track 1, CD-ROM disc
        1, 0x14, 0, 0xA1, 0, 0, 0, 0, 1, 0, 0, // last track 1
        1, 0x14, 0, 0xA2, 0, 0, 0, 0, m, s, f, // lead-out
        1, 0x14, 0, 0x01, 0, 0, 0, 0, 0, 2, 0, // track 1 at 00:02:00
    ];
    conform(
        "READ_TOC_EX format 2",
        &img,
        |rig| rig.ioctl(Ioctl::CdromReadTocEx, &read_toc_ex_input(2, true, 1), 1024),
        |backend, _| match backend {
            Backend::Sim | Backend::Qemu => Obs::ok(&full),
            // quirks::TGT_BAD_FIELD_NOT_READY: 2/24/00, tolerated by the
            // ASC table.
            Backend::Tgt => Obs::err(NtStatus::INVALID_DEVICE_REQUEST),
        },
    );
}

#[test]
fn read_toc_ex_formats_a_pressed_cd_rom_lacks() {
    let Some(img) = images() else { return };
    conform(
        "READ_TOC_EX formats 3 (PMA), 4 (ATIP), 5 (CD-TEXT)",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromReadTocEx, &read_toc_ex_input(3, false, 0), 1024)
                .then(rig.ioctl(Ioctl::CdromReadTocEx, &read_toc_ex_input(4, false, 0), 1024))
                .then(rig.ioctl(Ioctl::CdromReadTocEx, &read_toc_ex_input(5, false, 0), 1024))
        },
        // No PMA or ATIP on a pressed CD-ROM. A drive that reads CD-TEXT
        // answers format 5 for a disc without it with the bare header; the
        // peers do not read CD-TEXT (quirks::UNSUPPORTED_COMMANDS): QEMU
        // refuses through quirks::QEMU_TOC_FORMAT_IN_BYTE_9's reserved code,
        // tgt with 2/24/00.
        |backend, _| {
            let invalid = Obs::err(NtStatus::INVALID_DEVICE_REQUEST);
            let text = match backend {
                Backend::Sim => Obs::ok(&[0, 2, 0, 0]),
                Backend::Qemu | Backend::Tgt => invalid.clone(),
            };
            invalid.clone().then(invalid).then(text)
        },
    );
}

/// GET_CONFIGURATION_IOCTL_INPUT (x64): Feature, RequestType, 2 pointers.
fn get_configuration_input(feature: u32, request_type: u32) -> [u8; 24] {
    let mut v = [0; 24];
    v[..4].copy_from_slice(&feature.to_le_bytes());
    v[4..8].copy_from_slice(&request_type.to_le_bytes());
    v
}

#[test]
fn get_configuration_current_profile() {
    let Some(img) = images() else { return };
    conform(
        "GET_CONFIGURATION current profile",
        &img,
        |rig| {
            let mut o = rig.ioctl(
                Ioctl::CdromGetConfiguration,
                &get_configuration_input(0, 1),
                8,
            );
            // The data length depends on the drive's feature set; the
            // current profile is what is compared.
            if let Some(len) = o.data_mut().get_mut(..4) {
                len.fill(0);
            }
            o
        },
        |backend, _| match backend {
            Backend::Sim | Backend::Qemu => Obs::ok(&[0, 0, 0, 0, 0, 0, 0, 0x08]),
            // quirks::TGT_DVD_PROFILE.
            Backend::Tgt => Obs::ok(&[0, 0, 0, 0, 0, 0, 0, 0x10]),
        },
    );
}

#[test]
fn get_configuration_information_is_the_answers_length() {
    let Some(img) = images() else { return };
    const OUT: usize = 0x1000;
    conform(
        "GET_CONFIGURATION Information",
        &img,
        |rig| {
            let o = rig.ioctl(
                Ioctl::CdromGetConfiguration,
                &get_configuration_input(0, 0),
                OUT,
            );
            let step = &o.steps[0];
            let announced = step.data.get(..4).map_or(0, |b| {
                u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize + 4
            });
            Obs::step(
                step.status,
                0,
                &[u8::from(step.info == announced), u8::from(step.info == OUT)],
            )
        },
        |backend, _| match backend {
            Backend::Sim | Backend::Qemu => Obs::step(NtStatus::SUCCESS, 0, &[1, 0]),
            // quirks::TGT_GET_CONFIGURATION_PADDED.
            Backend::Tgt => Obs::step(NtStatus::SUCCESS, 0, &[0, 1]),
        },
    );
}

#[test]
fn check_verify_with_the_medium_in() {
    let Some(img) = images() else { return };
    conform(
        "CHECK_VERIFY",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromCheckVerify, &[], 4).then(rig.ioctl(
                Ioctl::StorageCheckVerify2,
                &[],
                0,
            ))
        },
        |_, _| Obs::ok(&[0, 0, 0, 0]).then(Obs::ok(&[])),
    );
}

#[test]
fn media_removal_eject_and_load() {
    let Some(img) = images() else { return };
    conform(
        "MEDIA_REMOVAL, EJECT_MEDIA while prevented, LOAD_MEDIA",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromMediaRemoval, &[1], 0)
                .then(rig.ioctl(Ioctl::CdromEjectMedia, &[], 0))
                .then(rig.ioctl(Ioctl::CdromMediaRemoval, &[0], 0))
                .then(rig.ioctl(Ioctl::CdromEjectMedia, &[], 0))
                .then(rig.ioctl(Ioctl::CdromCheckVerify, &[], 4))
                .then(rig.ioctl(Ioctl::CdromLoadMedia, &[], 0))
                .then(rig.ioctl(Ioctl::StorageCheckVerify2, &[], 0))
        },
        |backend, _| {
            // quirks::QEMU_EJECT_LOCKED_NOT_READY is tolerated by the
            // sense table: every backend gives the MMC status.
            let _ = backend;
            let refused = NtStatus::INVALID_DEVICE_REQUEST;
            Obs::ok(&[])
                .then(Obs::err(refused))
                .then(Obs::ok(&[]))
                .then(Obs::ok(&[]))
                .then(Obs::err(NtStatus::NO_MEDIA_IN_DEVICE))
                .then(Obs::ok(&[]))
                .then(Obs::ok(&[]))
        },
    );
}

#[test]
fn load_media_with_the_medium_in() {
    let Some(img) = images() else { return };
    conform(
        "LOAD_MEDIA",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromLoadMedia, &[], 0).then(rig.ioctl(
                Ioctl::StorageLoadMedia2,
                &[],
                0,
            ))
        },
        |_, _| Obs::ok(&[]).then(Obs::ok(&[])),
    );
}

#[test]
fn cooked_reads() {
    let Some(img) = images() else { return };
    let n = u64::from(sectors(&img));
    let head = &img.small_bytes[16 * 2048..48 * 2048];
    let tail = &img.small_bytes[(n as usize - 3) * 2048..];
    conform(
        "IRP_MJ_READ",
        &img,
        |rig| {
            rig.read(16 * 2048, 32 * 2048)
                .then(rig.read((n - 3) * 2048, 3 * 2048))
                .then(rig.read(0, 0))
        },
        |_, _| Obs::ok(head).then(Obs::ok(tail)).then(Obs::ok(&[])),
    );
}

#[test]
fn cooked_read_past_the_end() {
    let Some(img) = images() else { return };
    let n = u64::from(sectors(&img));
    conform(
        "IRP_MJ_READ past the end",
        &img,
        |rig| rig.read(n * 2048, 2048),
        |backend, _| match backend {
            Backend::Sim | Backend::Qemu => Obs::err(NtStatus::NONEXISTENT_SECTOR),
            // quirks::TGT_READ_PAST_END: MEDIUM ERROR 11/00.
            Backend::Tgt => Obs::err(NtStatus::DEVICE_DATA_ERROR),
        },
    );
}

/// RAW_READ_INFO: DiskOffset, SectorCount, TrackMode.
fn raw_read_info(lba: u64, count: u32, mode: u32) -> [u8; 16] {
    let mut v = [0; 16];
    v[..8].copy_from_slice(&(lba * 2048).to_le_bytes());
    v[8..12].copy_from_slice(&count.to_le_bytes());
    v[12..].copy_from_slice(&mode.to_le_bytes());
    v
}

/// The main channel of `count` sectors from `lba` as the disc model (and
/// so the simulated drive) produces them.
fn raw_sectors(img: &Images, lba: u32, count: u32) -> Vec<u8> {
    let disc = Disc::open(&img.small).expect("the disc model reads the ISO");
    let mut out = Vec::new();
    for l in lba..lba + count {
        let mut main = [0u8; 2352];
        disc.read_main(l, &mut main).expect("sector");
        out.extend_from_slice(&main);
    }
    out
}

/// The same sectors as QEMU's READ CD 0xF8 returns them.
fn qemu_raw(mut raw: Vec<u8>) -> Vec<u8> {
    for sector in raw.chunks_mut(2352) {
        // quirks::QEMU_RAW_HEADER_BINARY_MSF.
        for b in &mut sector[12..15] {
            *b = (*b >> 4) * 10 + (*b & 0x0F);
        }
        // quirks::QEMU_RAW_EDC_ECC_ZERO.
        sector[2064..].fill(0);
    }
    raw
}

#[test]
fn raw_read_of_a_mode_1_track_in_the_raw_read_modes() {
    let Some(img) = images() else { return };
    let qemu_xa = qemu_raw(raw_sectors(&img, 16, 2));
    conform(
        "RAW_READ YellowMode2, XAForm2, CDDA on Mode 1 sectors",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromRawRead, &raw_read_info(16, 2, 0), 2 * 2352)
                .then(rig.ioctl(Ioctl::CdromRawRead, &raw_read_info(16, 2, 1), 2 * 2352))
                .then(rig.ioctl(Ioctl::CdromRawRead, &raw_read_info(16, 2, 2), 2 * 2352))
        },
        // An MMC drive refuses the wrong expected sector type (5/64/00).
        // QEMU refuses the flag bytes 0xB0 and 0xF0 but takes XAForm2's
        // 0xF8 and ignores the sector type (quirks::QEMU_READ_CD_FLAGS);
        // tgt has no READ CD (quirks::UNSUPPORTED_COMMANDS).
        |backend, _| {
            let invalid = Obs::err(NtStatus::INVALID_DEVICE_REQUEST);
            let xa = match backend {
                Backend::Qemu => Obs::ok(&qemu_xa),
                Backend::Sim | Backend::Tgt => invalid.clone(),
            };
            invalid.clone().then(xa).then(invalid)
        },
    );
}

#[test]
fn raw_read_with_c2_or_subcode() {
    let Some(img) = images() else { return };
    let disc = Disc::open(&img.small).expect("the disc model reads the ISO");
    let main = raw_sectors(&img, 16, 1);
    let pw = disc.subchannel_pw(16);
    let c2 = [0u8; 296];
    let with_both = [&main[..], &c2, &pw].concat();
    let with_c2 = [&main[..], &c2].concat();
    let with_pw = [&main[..], &pw].concat();
    conform(
        "RAW_READ RawWithC2AndSubCode, RawWithC2, RawWithSubCode",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromRawRead, &raw_read_info(16, 1, 3), 2744)
                .then(rig.ioctl(Ioctl::CdromRawRead, &raw_read_info(16, 1, 4), 2648))
                .then(rig.ioctl(Ioctl::CdromRawRead, &raw_read_info(16, 1, 5), 2448))
        },
        // The simulated drive has C2 pointers and raw P-W and reads any
        // sector type; QEMU's page 0x2A offers neither (the capability gate
        // refuses); tgt's offers C2, then READ CD is refused
        // (quirks::UNSUPPORTED_COMMANDS).
        |backend, _| match backend {
            Backend::Sim => Obs::ok(&with_both)
                .then(Obs::ok(&with_c2))
                .then(Obs::ok(&with_pw)),
            Backend::Qemu | Backend::Tgt => Obs::err(NtStatus::INVALID_DEVICE_REQUEST)
                .then(Obs::err(NtStatus::INVALID_DEVICE_REQUEST))
                .then(Obs::err(NtStatus::INVALID_DEVICE_REQUEST)),
        },
    );
}

/// BCD of a binary value below 100.
fn bcd(v: u8) -> u8 {
    ((v / 10) << 4) | (v % 10)
}

#[test]
fn raw_sector_bytes_at_the_port() {
    let Some(img) = images() else { return };
    let lba = 20u32;
    let main = raw_sectors(&img, lba, 1);
    let qemu = qemu_raw(main.clone());
    conform(
        "READ CD 0xF8 (sync, header, user data, EDC/ECC)",
        &img,
        |rig| {
            let (r, data) = rig.stack.with_port(|p| {
                let mut buf = vec![0u8; 2352];
                let r = p.execute(Command {
                    cdb: Cdb::twelve([0xBE, 0, 0, 0, 0, lba as u8, 0, 0, 1, 0xF8, 0, 0]),
                    data: DataPhase::In(&mut buf),
                    timeout_secs: 10,
                });
                (r, buf)
            });
            if r.is_success() {
                Obs::step(NtStatus::SUCCESS, r.transferred as usize, &data)
            } else {
                Obs::err(cdfilter_core::sense::interpret(0xBE, &r, false).status)
            }
        },
        |backend, _| match backend {
            Backend::Sim => Obs::ok(&main),
            Backend::Qemu => Obs::ok(&qemu),
            // quirks::UNSUPPORTED_COMMANDS: no READ CD.
            Backend::Tgt => Obs::err(NtStatus::INVALID_DEVICE_REQUEST),
        },
    );
    // The model's header is the ECMA-130 BCD one.
    assert_eq!(main[12..16], [0, bcd(2), bcd(20), 1]);
}

#[test]
fn get_volume() {
    let Some(img) = images() else { return };
    conform(
        "GET_VOLUME",
        &img,
        |rig| rig.ioctl(Ioctl::CdromGetVolume, &[], 4),
        |backend, _| match backend {
            Backend::Sim => Obs::ok(&[0xFF, 0xFF, 0, 0]),
            // quirks::QEMU_VOLUME_ZERO.
            Backend::Qemu => Obs::ok(&[0, 0, 0, 0]),
            // quirks::UNSUPPORTED_COMMANDS: no page 0x0E.
            Backend::Tgt => Obs::err(NtStatus::INVALID_DEVICE_REQUEST),
        },
    );
}

#[test]
fn set_volume() {
    let Some(img) = images() else { return };
    conform(
        "SET_VOLUME, then GET_VOLUME",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromSetVolume, &[0x80, 0x40, 0, 0], 0)
                .then(rig.ioctl(Ioctl::CdromGetVolume, &[], 4))
        },
        |backend, _| match backend {
            // Two ports, both volumes changeable: the new values read back.
            Backend::Sim => Obs::ok(&[]).then(Obs::ok(&[0x80, 0x40, 0, 0])),
            // QEMU answers MODE SENSE page 0x0E but rejects MODE SELECT
            // (quirks::UNSUPPORTED_COMMANDS): the parsed page is unchanged.
            Backend::Qemu => {
                Obs::err(NtStatus::INVALID_DEVICE_REQUEST).then(Obs::ok(&[0, 0, 0, 0]))
            }
            // No page 0x0E at all.
            Backend::Tgt => Obs::err(NtStatus::INVALID_DEVICE_REQUEST)
                .then(Obs::err(NtStatus::INVALID_DEVICE_REQUEST)),
        },
    );
}

#[test]
fn audio_on_a_data_disc() {
    let Some(img) = images() else { return };
    // PLAY from 00:02:00 to 00:04:00; SEEK to 00:02:00.
    let play = [0, 2, 0, 0, 4, 0];
    let seek = [0, 2, 0];
    conform(
        "PLAY_AUDIO_MSF, PAUSE_AUDIO, SEEK_AUDIO_MSF on a data disc",
        &img,
        |rig| {
            rig.ioctl(Ioctl::CdromPlayAudioMsf, &play, 0)
                .then(rig.ioctl(Ioctl::CdromPauseAudio, &[], 0))
                .then(rig.ioctl(Ioctl::CdromSeekAudioMsf, &seek, 0))
        },
        |backend, _| {
            // An MMC drive: PLAY over a data track 5/64/00, PAUSE while not
            // playing 5/2C/00; the peers have no audio commands at all
            // (quirks::UNSUPPORTED_COMMANDS): the same statuses. SEEK works
            // everywhere but on tgt.
            let seek = match backend {
                Backend::Sim | Backend::Qemu => Obs::ok(&[]),
                Backend::Tgt => Obs::err(NtStatus::INVALID_DEVICE_REQUEST),
            };
            Obs::err(NtStatus::INVALID_DEVICE_REQUEST)
                .then(Obs::err(NtStatus::INVALID_DEVICE_REQUEST))
                .then(seek)
        },
    );
}

#[test]
fn read_q_channel_current_position() {
    let Some(img) = images() else { return };
    // Only the peers: the simulated drive implements READ SUB-CHANNEL and
    // answers a position on a data disc (audio status "no status"), which
    // is the MMC behaviour the peers lack (quirks::UNSUPPORTED_COMMANDS).
    conform_on(
        &[Backend::Qemu, Backend::Tgt],
        "READ_Q_CHANNEL current position",
        &img,
        |rig| rig.ioctl(Ioctl::CdromReadQChannel, &[1, 0], 16),
        // quirks::UNSUPPORTED_COMMANDS: READ SUB-CHANNEL is 5/20/00.
        |_, _| Obs::err(NtStatus::INVALID_DEVICE_REQUEST),
    );
}

#[test]
fn medium_out_and_back() {
    let Some(img) = images() else { return };
    let other_len = img.other_bytes.len() as u64;
    let small_len = img.small_bytes.len() as u64;
    conform(
        "medium removed, then a medium inserted",
        &img,
        |rig| {
            match rig.backend {
                Backend::Sim => rig.stack.with_port(|p| {
                    if let AnyPort::Sim(s) = p {
                        sim_eject(s);
                    }
                }),
                Backend::Qemu => rig.qemu(|q| q.eject_medium().expect("QMP eject")),
                Backend::Tgt => rig.target.as_ref().map_or((), |t| {
                    t.set_online(false).expect("offline");
                }),
            }
            let out = rig.ioctl(Ioctl::CdromCheckVerify, &[], 4);
            match rig.backend {
                Backend::Sim => rig.stack.with_port(|p| {
                    if let AnyPort::Sim(s) = p {
                        sim_insert(s, Disc::open(&img.other).expect("disc"));
                    }
                }),
                Backend::Qemu => rig.qemu(|q| q.change_medium(&img.other).expect("QMP change")),
                Backend::Tgt => rig.target.as_ref().map_or((), |t| {
                    t.set_online(true).expect("online");
                }),
            }
            out.then(rig.ioctl(Ioctl::CdromCheckVerify, &[], 4))
                .then(rig.ioctl(Ioctl::CdromCheckVerify, &[], 4))
                .then(rig.ioctl(Ioctl::DiskGetLengthInfo, &[], 8))
        },
        |backend, _| {
            let no_media = Obs::err(NtStatus::NO_MEDIA_IN_DEVICE);
            match backend {
                // MMC: the new medium is announced once with 28/00; the
                // driver counts it.
                Backend::Sim => no_media
                    .then(Obs::ok(&[1, 0, 0, 0]))
                    .then(Obs::ok(&[1, 0, 0, 0]))
                    .then(Obs::ok(&other_len.to_le_bytes())),
                // quirks::QEMU_CHANGE_NO_MEDIUM_FIRST: 2/3A/00 once more,
                // then 6/28/00.
                Backend::Qemu => no_media
                    .clone()
                    .then(no_media)
                    .then(Obs::ok(&[1, 0, 0, 0]))
                    .then(Obs::ok(&other_len.to_le_bytes())),
                // tgt keeps its one image; quirks::TGT_NO_MEDIA_CHANGE_ATTENTION.
                Backend::Tgt => no_media
                    .then(Obs::ok(&[0, 0, 0, 0]))
                    .then(Obs::ok(&[0, 0, 0, 0]))
                    .then(Obs::ok(&small_len.to_le_bytes())),
            }
        },
    );
}

#[test]
fn tgt_invalid_field_is_not_retried() {
    let Some(img) = images() else { return };
    let Some(rig) = Rig::new(Backend::Tgt, &img) else {
        return;
    };

    let r = rig.stack.ioctl(
        rig.handle,
        Ioctl::CdromReadTocEx.code(),
        &read_toc_ex_input(2, true, 1),
        1024,
    );

    // quirks::TGT_BAD_FIELD_NOT_READY: NOT READY would be retried; 24/00
    // is not.
    assert_eq!(r.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert_eq!(r.commands.len(), 1);
    assert_eq!(sense_of(&r), (2, 0x24, 0));
}

#[test]
fn qemu_eject_refusal_is_answered_like_mmc_without_retries() {
    let Some(img) = images() else { return };
    let Some(rig) = Rig::new(Backend::Qemu, &img) else {
        return;
    };
    let lock = rig.ioctl(Ioctl::CdromMediaRemoval, &[1], 0);

    let r = rig
        .stack
        .ioctl(rig.handle, Ioctl::CdromEjectMedia.code(), &[], 0);
    let unlock = rig.ioctl(Ioctl::CdromMediaRemoval, &[0], 0);

    // quirks::QEMU_EJECT_LOCKED_NOT_READY: NOT READY 53/00, tolerated by
    // the sense table as the MMC refusal, sent once.
    assert_eq!(lock, Obs::ok(&[]));
    assert_eq!(r.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert_eq!(r.commands.len(), 1);
    assert!(r.commands.iter().all(|c| c.cdb == [0x1B, 0, 0, 0, 2, 0]));
    assert_eq!(sense_of(&r), (2, 0x53, 0));
    assert_eq!(unlock, Obs::ok(&[]));
}

#[test]
fn qemu_untranslated_toc_format_breaks_last_session() {
    let Some(img) = images() else { return };
    let Some(rig) = Rig::new(Backend::Qemu, &img) else {
        return;
    };
    rig.qemu(|q| q.set_toc_format_translation(false));

    let r = rig.ioctl(Ioctl::CdromGetLastSession, &[], 12);

    // quirks::QEMU_TOC_FORMAT_IN_BYTE_9: the format-0 TOC's first 12 bytes
    // arrive as session data (length 0x12).
    assert_eq!(r, Obs::ok(&[0, 0x12, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0]));
}

#[test]
fn qemu_odd_output_length_is_refused_before_the_drive() {
    let Some(img) = images() else { return };
    let Some(rig) = Rig::new(Backend::Qemu, &img) else {
        return;
    };

    let r = rig.stack.ioctl(
        rig.handle,
        Ioctl::CdromGetConfiguration.code(),
        &get_configuration_input(0, 2),
        11,
    );

    // quirks::QEMU_ODD_BYTE_COUNT: the port's alignment mask makes the
    // driver refuse the length.
    assert_eq!(r.status, NtStatus::INVALID_PARAMETER);
    assert!(r.commands.is_empty());
}

/// (key, ASC, ASCQ) of the last command of a request.
fn sense_of(r: &IoResult) -> (u8, u8, u8) {
    let last = r.commands.last().expect("a command");
    common::sense(&last.result)
}

/// CDROM_EXCLUSIVE_LOCK: RequestType 1, Flags 0, CallerName "conformance".
fn exclusive_lock_input() -> [u8; 72] {
    let mut b = [0u8; 72];
    b[0] = 1;
    b[8..19].copy_from_slice(b"conformance");
    b
}

/// Issue 4's two-handle scenario over each real drive: the lock is the
/// filter's, but what passes it goes to QEMU's and tgt's MMC answers.
#[test]
fn exclusive_lock_two_handles() {
    let Some(img) = images() else { return };
    let pvd = img.small_bytes[16 * 2048..17 * 2048].to_vec();
    conform(
        "EXCLUSIVE_ACCESS lock; READ_TOC and IRP_MJ_READ from both handles; close",
        &img,
        |rig| {
            let (a, b) = (rig.handle, rig.stack.open(Granted::READ_WRITE));
            let io = |h: Handle, id: Ioctl, input: &[u8], out: usize| {
                Obs::of(&rig.stack.ioctl(h, id.code(), input, out))
            };
            let read = |h: Handle| Obs::of(&rig.stack.read(h, 16 * 2048, 2048));
            let locked = io(a, Ioctl::CdromExclusiveAccess, &exclusive_lock_input(), 0)
                .then(io(a, Ioctl::CdromReadToc, &[], 804))
                .then(io(b, Ioctl::CdromReadToc, &[], 804))
                .then(read(b))
                .then(read(a));
            rig.stack.close_handle(a);
            let after = io(b, Ioctl::CdromReadToc, &[], 804).then(read(b));
            rig.stack.close_handle(b);
            locked.then(after)
        },
        |backend, _| {
            let denied = NtStatus::ACCESS_DENIED;
            Obs::ok(&[])
                .then(toc_for(backend, &img, true))
                .then(Obs::err(denied))
                .then(Obs::err(denied))
                .then(Obs::ok(&pvd))
                .then(toc_for(backend, &img, true))
                .then(Obs::ok(&pvd))
        },
    );
}
