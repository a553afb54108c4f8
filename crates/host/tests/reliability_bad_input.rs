//! The bad-input table: for each IOCTL (and IRP_MJ_READ), malformed
//! requests and lying drive answers, each run through the host stack over
//! the simulated drive with its built-in disc, its status and Information
//! asserted, the verifier clean, and the two-poison leak check applied to
//! requests without side effects.
//!
//! The table in docs/RELIABILITY.md (between the `bad-input-table`
//! markers) is generated from these cases: with `CDFILTER_WRITE_DOCS=1`
//! the test rewrites it; otherwise it checks that the document holds
//! exactly the generated table.

mod reliability_support;

use std::fmt::Write as _;
use std::path::PathBuf;

use cdfilter_core::ioctl::{Ioctl, TABLE};
use cdfilter_core::port::Port;
use cdfilter_core::status::NtStatus;
use cdfilter_core::Platform;
use cdfilter_host::fault::{Fault, FaultInjector, Plan, Rule, When};
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::Stack;
use reliability_support::{lock_input, raw_read_input, set_streaming_input, valid_request};

/// What the device looks like when the case runs.
#[derive(Clone, Copy, Debug)]
enum Setup {
    /// A started device with the built-in disc.
    Fresh,
    /// Another handle holds the exclusive lock.
    LockedByOther,
    /// Every command meets this drive behaviour.
    Drive(Fault),
    /// The device's and the handle's prevent counts and MCN disables are
    /// at u32::MAX.
    CountsAtMax,
}

/// What a case sends.
#[derive(Clone, Debug)]
enum Request {
    /// An IOCTL by table name, or a raw code.
    Ioctl(u32, Vec<u8>, usize),
    /// IRP_MJ_READ: byte offset, length.
    Read(u64, usize),
}

/// One row of the table.
struct Case {
    /// The column "request": the IOCTL name or IRP_MJ_READ.
    target: String,
    /// The column "malformed input".
    what: &'static str,
    setup: Setup,
    request: Request,
    /// Expected status and Information ([`AS_VALID`]: whatever the valid
    /// request answers; `usize::MAX` Information: the answer's length).
    want: (NtStatus, usize),
    /// Sent twice with two poison patterns (no side effects).
    leak_check: bool,
}

fn name(id: Ioctl) -> String {
    id.def()
        .map_or("?", |d| d.name)
        .trim_start_matches("IOCTL_")
        .to_owned()
}

fn le32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Builds the cases of one IOCTL.
struct Rows<'a> {
    out: &'a mut Vec<Case>,
    id: Ioctl,
    leak_check: bool,
}

impl Rows<'_> {
    fn case(
        &mut self,
        what: &'static str,
        input: Vec<u8>,
        out_len: usize,
        want: NtStatus,
        info: usize,
    ) -> &mut Self {
        self.setup(what, Setup::Fresh, input, out_len, want, info)
    }

    fn setup(
        &mut self,
        what: &'static str,
        setup: Setup,
        input: Vec<u8>,
        out_len: usize,
        want: NtStatus,
        info: usize,
    ) -> &mut Self {
        self.out.push(Case {
            target: name(self.id),
            what,
            setup,
            request: Request::Ioctl(self.id.code(), input, out_len),
            want: (want, info),
            leak_check: self.leak_check,
        });
        self
    }

    /// The rows every IOCTL with a fixed input structure gets: empty, one
    /// byte short, and oversized by 4 KiB (extra bytes are ignored).
    fn input_sizes(&mut self, short_status: NtStatus) -> &mut Self {
        let (input, out_len) = valid_request(self.id);
        let mut long = input.clone();
        long.extend(std::iter::repeat_n(0xEE, 4096));
        self.case("empty input", vec![], out_len, short_status, 0)
            .case(
                "input one byte short",
                input[..input.len() - 1].to_vec(),
                out_len,
                short_status,
                0,
            );
        self.out.push(Case {
            target: name(self.id),
            what: "input 4 KiB oversized (extra bytes ignored)",
            setup: Setup::Fresh,
            request: Request::Ioctl(self.id.code(), long, out_len),
            want: (AS_VALID, usize::MAX),
            leak_check: self.leak_check,
        });
        self
    }

    /// A valid input with the output one byte short of `needed`.
    fn output_short(&mut self, needed: usize, status: NtStatus, info: usize) -> &mut Self {
        let (input, _) = valid_request(self.id);
        self.case("output one byte short", input, needed - 1, status, info)
    }
}

fn rows(out: &mut Vec<Case>, id: Ioctl, leak_check: bool) -> Rows<'_> {
    Rows {
        out,
        id,
        leak_check,
    }
}

/// The status of a request that must answer exactly as the valid one.
const AS_VALID: NtStatus = NtStatus(0xFFFF_FFFF);

const OK: NtStatus = NtStatus::SUCCESS;
const MISMATCH: NtStatus = NtStatus::INFO_LENGTH_MISMATCH;
const TOO_SMALL: NtStatus = NtStatus::BUFFER_TOO_SMALL;
const PARAM: NtStatus = NtStatus::INVALID_PARAMETER;
const DEVREQ: NtStatus = NtStatus::INVALID_DEVICE_REQUEST;

fn cases() -> Vec<Case> {
    use Ioctl as I;
    let mut out = Vec::new();

    rows(&mut out, I::CdromReadToc, true)
        .case("empty output", vec![], 0, TOO_SMALL, 804)
        .output_short(804, TOO_SMALL, 804)
        .case(
            "output 64 KiB (only 804 used)",
            vec![],
            0x10000,
            OK,
            usize::MAX,
        );

    let mut toc_ex = rows(&mut out, I::CdromReadTocEx, true);
    toc_ex
        .input_sizes(MISMATCH)
        .case("format 6 (undefined)", vec![6, 0, 0, 0], 804, PARAM, 0)
        .case("format 15 (undefined)", vec![15, 0, 0, 0], 804, PARAM, 0)
        .case("reserved bits 4-6 set", vec![0x70, 0, 0, 0], 804, PARAM, 0)
        .case("Reserved2 non-zero", vec![0, 0, 1, 0], 804, PARAM, 0)
        .case("Reserved3 non-zero", vec![0, 0, 0, 0xFF], 804, PARAM, 0)
        .case(
            "session number with the PMA format",
            vec![3, 1, 0, 0],
            804,
            PARAM,
            0,
        )
        .case(
            "track 0xFF past the last track",
            vec![0, 0xFF, 0, 0],
            804,
            DEVREQ,
            0,
        )
        .case("output 1 byte", vec![0, 1, 0, 0], 1, TOO_SMALL, 2)
        .case("output 0x10000 bytes", vec![0, 1, 0, 0], 0x10000, PARAM, 0)
        .setup(
            "answer length field claims 0xFFFF",
            Setup::Drive(Fault::CorruptLength),
            vec![0, 1, 0, 0],
            804,
            OK,
            usize::MAX,
        )
        .setup(
            "answer cut to 3 bytes (under-run)",
            Setup::Drive(Fault::ShortTransfer { keep: 3 }),
            vec![0, 1, 0, 0],
            804,
            OK,
            3,
        )
        .setup(
            "transfer count past the buffer",
            Setup::Drive(Fault::OverlongTransfer),
            vec![0, 1, 0, 0],
            804,
            NtStatus::DEVICE_PROTOCOL_ERROR,
            0,
        );

    rows(&mut out, I::CdromGetLastSession, true)
        .output_short(12, TOO_SMALL, 12)
        .setup(
            "answer length field claims 0xFFFF",
            Setup::Drive(Fault::CorruptLength),
            vec![],
            12,
            OK,
            12,
        );

    rows(&mut out, I::CdromPlayAudioMsf, false)
        .input_sizes(MISMATCH)
        .case("start S = 60", vec![0, 60, 0, 0, 10, 0], 0, PARAM, 0)
        .case("start F = 75", vec![0, 8, 75, 0, 10, 0], 0, PARAM, 0)
        .case("end S = 255", vec![0, 8, 0, 0, 255, 0], 0, PARAM, 0)
        .case(
            "start before 00:02:00",
            vec![0, 1, 74, 0, 10, 0],
            0,
            PARAM,
            0,
        )
        .case("end before start", vec![0, 10, 0, 0, 8, 0], 0, PARAM, 0);

    rows(&mut out, I::CdromSeekAudioMsf, false)
        .input_sizes(MISMATCH)
        .case("S = 60", vec![0, 60, 0], 0, PARAM, 0)
        .case("F = 75", vec![0, 4, 75], 0, PARAM, 0)
        .case("00:00:00 (before 00:02:00)", vec![0, 0, 0], 0, PARAM, 0)
        .case(
            "255:59:74 past the disc",
            vec![255, 59, 74],
            0,
            NtStatus::NONEXISTENT_SECTOR,
            0,
        );

    rows(&mut out, I::CdromReadQChannel, true)
        .input_sizes(MISMATCH)
        .case("format 0", vec![0, 0], 24, PARAM, 0)
        .case("format 4", vec![4, 0], 24, PARAM, 0)
        .case("format 255", vec![255, 0], 24, PARAM, 0)
        .output_short(16, TOO_SMALL, 16)
        .case("ISRC output 23 bytes", vec![3, 2], 23, TOO_SMALL, 24);

    rows(&mut out, I::CdromGetVolume, true)
        .case("empty output", vec![], 0, TOO_SMALL, 4)
        .output_short(4, TOO_SMALL, 4);
    rows(&mut out, I::CdromSetVolume, false).input_sizes(MISMATCH);

    let raw = |offset: i64, count: u32, mode: u32| raw_read_input(offset, count, mode);
    rows(&mut out, I::CdromRawRead, false)
        .case("empty input", vec![], 2 * 2352, TOO_SMALL, 0)
        .case(
            "input one byte short",
            raw(450 * 2048, 2, 2)[..15].to_vec(),
            2 * 2352,
            TOO_SMALL,
            16,
        )
        .case("sector count 0", raw(450 * 2048, 0, 2), 2352, PARAM, 0)
        .case("track mode 6", raw(450 * 2048, 1, 6), 2744, PARAM, 0)
        .case(
            "track mode 0xFFFFFFFF",
            raw(450 * 2048, 1, u32::MAX),
            2744,
            PARAM,
            0,
        )
        .case(
            "count x 2744 overflows 32 bits",
            raw(0, u32::MAX, 3),
            2744,
            PARAM,
            0,
        )
        .case(
            "offset + count x 2048 overflows 64 bits",
            raw(i64::MAX - 2047, 2, 2),
            2 * 2352,
            PARAM,
            0,
        )
        .case("negative offset", raw(-2048, 1, 2), 2352, PARAM, 0)
        .case("offset i64::MIN", raw(i64::MIN, 1, 2), 2352, PARAM, 0)
        .case(
            "offset not a multiple of 2048",
            raw(450 * 2352, 1, 2),
            2352,
            PARAM,
            0,
        )
        .case(
            "last sector past the disc",
            raw(1349 * 2048, 2, 2),
            2 * 2352,
            PARAM,
            0,
        )
        .case(
            "offset past 2^32 sectors",
            raw(1 << 43, 1, 2),
            2352,
            PARAM,
            0,
        )
        .output_short(2 * 2352, PARAM, 0)
        .case(
            "CD-DA read of a data sector",
            raw(16 * 2048, 1, 2),
            2352,
            DEVREQ,
            0,
        )
        .setup(
            "answer cut to 3 bytes (under-run)",
            Setup::Drive(Fault::ShortTransfer { keep: 3 }),
            raw(450 * 2048, 2, 2),
            2 * 2352,
            NtStatus::DATA_OVERRUN,
            0,
        )
        .setup(
            "transfer count past the buffer",
            Setup::Drive(Fault::OverlongTransfer),
            raw(450 * 2048, 2, 2),
            2 * 2352,
            NtStatus::DEVICE_PROTOCOL_ERROR,
            0,
        );

    let lock = |name: &[u8]| lock_input(name);
    let mut no_nul = lock(b"x");
    no_nul[8..].fill(b'A');
    rows(&mut out, I::CdromExclusiveAccess, false)
        .case("empty input", vec![], 65, MISMATCH, 0)
        .case("input 7 bytes", vec![0; 7], 65, MISMATCH, 0)
        .case("request type 3", le32s(&[3, 0]), 65, PARAM, 0)
        .case(
            "request type 0xFFFFFFFF",
            le32s(&[u32::MAX, 0]),
            65,
            PARAM,
            0,
        )
        .case("query output 64 bytes", le32s(&[0, 0]), 64, TOO_SMALL, 65)
        .case(
            "lock input 71 bytes",
            lock(b"app")[..71].to_vec(),
            0,
            MISMATCH,
            0,
        )
        .case("lock with an empty name", lock(b""), 0, PARAM, 0)
        .case("lock name with '/'", lock(b"a/b"), 0, PARAM, 0)
        .case("lock name with a byte 0x80", lock(b"a\x80"), 0, PARAM, 0)
        .case("lock name with a newline", lock(b"a\n"), 0, PARAM, 0)
        .case("lock name without a NUL in 64 bytes", no_nul, 0, PARAM, 0)
        .case("lock name of 63 characters", lock(&[b'n'; 63]), 0, OK, 0)
        .case("unlock when not locked", le32s(&[2, 0]), 0, DEVREQ, 0)
        .setup(
            "unlock of another handle's lock",
            Setup::LockedByOther,
            le32s(&[2, 0]),
            0,
            NtStatus::INVALID_HANDLE,
            0,
        );

    let config = |feature: u32, rt: u32, reserved: u64| {
        let mut v = le32s(&[feature, rt]);
        v.extend_from_slice(&reserved.to_le_bytes());
        v.extend_from_slice(&0u64.to_le_bytes());
        v
    };
    rows(&mut out, I::CdromGetConfiguration, true)
        .input_sizes(NtStatus::INFO_LENGTH_MISMATCH)
        .case(
            "16-byte (32-bit) input from a 64-bit process",
            le32s(&[0, 0, 0, 0]),
            64,
            MISMATCH,
            0,
        )
        .case("request type 3", config(0, 3, 0), 64, PARAM, 0)
        .case("feature 0x10000", config(0x10000, 0, 0), 64, PARAM, 0)
        .case("reserved pointer non-NULL", config(0, 0, 1), 64, PARAM, 0)
        .case("output 7 bytes", config(0, 0, 0), 7, TOO_SMALL, 8)
        .case(
            "output 0x10000 bytes",
            config(0, 0, 0),
            0x10000,
            NtStatus::INVALID_BUFFER_SIZE,
            0,
        )
        .setup(
            "answer length field claims 0xFFFFFFFF",
            Setup::Drive(Fault::CorruptLength),
            config(0, 0, 0),
            64,
            OK,
            64,
        );

    rows(&mut out, I::CdromGetInquiryData, true)
        .case("empty output", vec![], 0, TOO_SMALL, 0)
        .case("output 1 byte", vec![], 1, NtStatus::BUFFER_OVERFLOW, 1);

    for id in [
        I::CdromGetDriveGeometry,
        I::CdromGetDriveGeometryEx,
        I::DiskGetLengthInfo,
        I::StorageReadCapacity,
    ] {
        let needed = valid_request(id).1;
        rows(&mut out, id, true)
            .case("empty output", vec![], 0, TOO_SMALL, needed)
            .output_short(needed, TOO_SMALL, needed)
            .setup(
                "capacity answer cut to 3 bytes",
                Setup::Drive(Fault::ShortTransfer { keep: 3 }),
                vec![],
                needed,
                NtStatus::DATA_OVERRUN,
                0,
            );
    }

    let speed = |kind: u32| {
        let mut v = le32s(&[kind]);
        v.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        v.extend_from_slice(&le32s(&[0]));
        v
    };
    let mut streaming_short = set_streaming_input();
    streaming_short.truncate(35);
    rows(&mut out, I::CdromSetSpeed, false)
        .input_sizes(MISMATCH)
        .case("request type 2", speed(2), 0, PARAM, 0)
        .case("request type 0xFFFFFFFF", speed(u32::MAX), 0, PARAM, 0)
        .case(
            "SET_STREAMING input 35 bytes",
            streaming_short,
            0,
            MISMATCH,
            0,
        );

    let perf = |v: &[u32]| le32s(v);
    rows(&mut out, I::CdromGetPerformance, true)
        .input_sizes(MISMATCH)
        .case("request type 0", perf(&[0, 1, 1, 1, 0]), 40, PARAM, 0)
        .case("request type 3", perf(&[3, 1, 1, 1, 0]), 40, PARAM, 0)
        .case("performance type 3", perf(&[1, 3, 1, 1, 0]), 40, PARAM, 0)
        .case("exception type 4", perf(&[1, 1, 4, 1, 0]), 40, PARAM, 0)
        .case("tolerance 2", perf(&[1, 1, 1, 2, 0]), 40, PARAM, 0)
        .case("output 7 bytes", perf(&[1, 1, 1, 1, 0]), 7, TOO_SMALL, 8)
        .case(
            "output 0x10000 bytes",
            perf(&[1, 1, 1, 1, 0]),
            0x10000,
            PARAM,
            0,
        )
        .case(
            "starting LBA 0xFFFFFFFF",
            perf(&[1, 1, 1, 1, u32::MAX]),
            40,
            NtStatus::NONEXISTENT_SECTOR,
            0,
        );

    rows(&mut out, I::CdromEnableStreaming, false)
        .input_sizes(MISMATCH)
        .case("request type 0", le32s(&[0]), 0, PARAM, 0)
        .case("request type 5", le32s(&[5]), 0, PARAM, 0)
        .case("request type 0xFFFFFFFF", le32s(&[u32::MAX]), 0, PARAM, 0);

    rows(&mut out, I::CdromSendOpcInformation, false)
        .case("empty input", vec![], 0, MISMATCH, 0)
        .case("input 7 bytes", vec![1, 0, 0, 0, 0, 0, 0], 0, MISMATCH, 0)
        .case("request type 0", le32s(&[0, 0]), 0, PARAM, 0)
        .case("request type 2", le32s(&[2, 0]), 0, PARAM, 0);

    rows(&mut out, I::StorageCheckVerify, true)
        .case("output 1 byte", vec![], 1, TOO_SMALL, 4)
        .case("output 3 bytes", vec![], 3, TOO_SMALL, 4);

    rows(&mut out, I::StorageMediaRemoval, false)
        .case("empty input", vec![], 0, MISMATCH, 0)
        .case("unlock without a lock", vec![0], 0, OK, 0)
        .setup(
            "lock with the count at u32::MAX",
            Setup::CountsAtMax,
            vec![1],
            0,
            NtStatus::INVALID_DEVICE_STATE,
            0,
        );
    rows(&mut out, I::StorageEjectionControl, false)
        .case("empty input", vec![], 0, MISMATCH, 0)
        .case(
            "unlock without a lock",
            vec![0],
            0,
            NtStatus::INVALID_DEVICE_STATE,
            0,
        )
        .setup(
            "lock with the count at u32::MAX",
            Setup::CountsAtMax,
            vec![1],
            0,
            NtStatus::INVALID_DEVICE_STATE,
            0,
        );
    rows(&mut out, I::StorageMcnControl, false)
        .case("empty input", vec![], 0, MISMATCH, 0)
        .case(
            "enable without a disable",
            vec![0],
            0,
            NtStatus::INVALID_DEVICE_STATE,
            0,
        )
        .setup(
            "disable with the count at u32::MAX",
            Setup::CountsAtMax,
            vec![1],
            0,
            NtStatus::INVALID_DEVICE_STATE,
            0,
        );
    rows(&mut out, I::StorageGetMediaTypesEx, true)
        .case("empty output", vec![], 0, TOO_SMALL, 72)
        .output_short(72, TOO_SMALL, 72);

    // IOCTLs without an input or output structure ignore both buffers.
    for (id, want) in [
        (I::StorageEjectMedia, OK),
        (I::StorageLoadMedia, OK),
        (I::StorageReserve, OK),
        (I::StorageRelease, OK),
        (I::CdromStopAudio, DEVREQ),
        (I::CdromPauseAudio, DEVREQ),
        (I::CdromResumeAudio, DEVREQ),
    ] {
        rows(&mut out, id, false).case(
            "64 bytes of input and output (ignored; nothing playing)",
            vec![0xEE; 64],
            64,
            want,
            0,
        );
    }

    // Under another handle's exclusive lock the filter refuses before any
    // validation (pitfall 14), malformed or not.
    rows(&mut out, I::CdromReadTocEx, false).setup(
        "format 15 from a handle locked out",
        Setup::LockedByOther,
        vec![15, 0, 0, 0],
        804,
        NtStatus::ACCESS_DENIED,
        0,
    );
    rows(&mut out, I::CdromRawRead, false).setup(
        "empty input from a handle locked out",
        Setup::LockedByOther,
        vec![],
        0,
        NtStatus::ACCESS_DENIED,
        0,
    );

    for (what, code) in [
        ("unknown code 0x00560000 (passed down)", 0x0056_0000u32),
        ("CD-ROM function 0xFFF, METHOD_NEITHER", 0x0002_3FFF),
        ("STORAGE function 0x7FF, any access", 0x002D_1FFC),
    ] {
        out.push(Case {
            target: "(raw code)".to_owned(),
            what,
            setup: Setup::Fresh,
            request: Request::Ioctl(code, vec![0xEE; 64], 64),
            want: (DEVREQ, 0),
            leak_check: false,
        });
    }

    let read = |what: &'static str, offset: u64, len: usize, want: NtStatus| Case {
        target: "IRP_MJ_READ".to_owned(),
        what,
        setup: Setup::Fresh,
        request: Request::Read(offset, len),
        want: (want, if want == OK { usize::MAX } else { 0 }),
        leak_check: false,
    };
    out.push(read("zero length", 0, 0, OK));
    out.push(read("offset not a multiple of 2048", 1, 2048, DEVREQ));
    out.push(read("length not a multiple of 2048", 0, 2047, DEVREQ));
    out.push(read("last sector past the disc", 299 * 2048, 4096, DEVREQ));
    out.push(read(
        "offset u64::MAX - 2047",
        u64::MAX - 2047,
        2048,
        DEVREQ,
    ));
    out.push(read(
        "offset 2^43 (past 2^32 sectors)",
        1 << 43,
        2048,
        DEVREQ,
    ));
    out
}

fn stack() -> Stack<FaultInjector<SimDrive>> {
    Stack::new(FaultInjector::new(
        SimDrive::with_builtin_disc(),
        Plan::Schedule(vec![]),
    ))
}

/// Runs a case; (status, Information).
fn run(case: &Case) -> (NtStatus, usize) {
    let s = stack();
    let h = s.open(Granted::READ_WRITE);
    match case.setup {
        Setup::Fresh => {}
        Setup::LockedByOther => {
            let other = s.open(Granted::READ_WRITE);
            let r = s.ioctl(
                other,
                Ioctl::CdromExclusiveAccess.code(),
                &lock_input(b"other"),
                0,
            );
            assert_eq!(r.status, OK, "lock by another handle");
        }
        Setup::CountsAtMax => {
            s.device().platform.serialize(|u| {
                u.state.lock_count = u32::MAX;
                u.state.protected_lock_count = u32::MAX;
                u.state.media.mcn_disable_count = u32::MAX;
                // A forged state, made whole: with MCN disabled the class
                // driver's polling is stopped too (the verifier checks it).
                u.state.media.lower_polling_suspended = u.port.suspend_media_polling(true);
            });
        }
        Setup::Drive(fault) => s.with_port(|p| {
            p.set_plan(Plan::Schedule(vec![Rule {
                when: When::Always,
                fault,
                times: None,
            }]));
        }),
    }
    let r = match &case.request {
        Request::Ioctl(code, input, out_len) if case.leak_check => {
            s.ioctl_leak_checked(h, *code, input, *out_len)
        }
        Request::Ioctl(code, input, out_len) => s.ioctl(h, *code, input, *out_len),
        Request::Read(offset, len) => s.read(h, *offset, *len),
    };
    s.with_port(FaultInjector::clear);
    s.close_handle(h);
    s.assert_no_violations();
    (r.status, r.information)
}

fn status_name(s: NtStatus) -> String {
    s.name()
        .map_or_else(|| format!("{:#010x}", s.0), ToOwned::to_owned)
}

/// The Information column: the expected value, or "answer" where it is
/// the length of the drive's answer (the table must not change with the
/// simulated disc's contents).
fn information(want: usize) -> String {
    if want == usize::MAX {
        "answer".to_owned()
    } else {
        want.to_string()
    }
}

fn setup_text(s: Setup) -> String {
    match s {
        Setup::Fresh => String::new(),
        Setup::LockedByOther => " (another handle holds the lock)".to_owned(),
        Setup::Drive(_) => " (drive)".to_owned(),
        Setup::CountsAtMax => " (device counts at u32::MAX)".to_owned(),
    }
}

const START: &str = "<!-- bad-input-table:start (generated by crates/host/tests/reliability_bad_input.rs; CDFILTER_WRITE_DOCS=1 rewrites it) -->";
const END: &str = "<!-- bad-input-table:end -->";

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/RELIABILITY.md")
}

#[test]
fn every_malformed_request_gets_its_status() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut table = String::new();
    table.push_str(START);
    table.push_str("\n\n| request | malformed input | status | Information |\n|---|---|---|---|\n");
    for case in &cases {
        let (status, info) = run(case);
        let (mut want, want_info) = case.want;
        if want == AS_VALID {
            let Request::Ioctl(code, _, out_len) = case.request else {
                unreachable!("oversized inputs are IOCTLs");
            };
            let id = TABLE.iter().find(|d| d.code == code).map(|d| d.id);
            let (input, _) = valid_request(id.expect("a table row"));
            let valid = Case {
                request: Request::Ioctl(code, input, out_len),
                what: "valid",
                target: String::new(),
                setup: case.setup,
                want: case.want,
                leak_check: false,
            };
            want = run(&valid).0;
        }
        if status != want || (want_info != usize::MAX && info != want_info) {
            failures.push(format!(
                "{} / {}: {status} Information {info}, expected {want} Information {}",
                case.target,
                case.what,
                information(want_info)
            ));
        }
        let _ = writeln!(
            table,
            "| {} | {}{} | {} | {} |",
            case.target,
            case.what,
            setup_text(case.setup),
            if case.want.0 == AS_VALID {
                format!("as the valid request ({})", status_name(want))
            } else {
                status_name(want)
            },
            information(want_info)
        );
    }
    table.push('\n');
    table.push_str(END);
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );

    let path = doc_path();
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = (doc.find(START), doc.find(END));
    if std::env::var_os("CDFILTER_WRITE_DOCS").is_some_and(|v| v == "1") {
        let new = match (start, end) {
            (Some(a), Some(b)) => format!("{}{table}{}", &doc[..a], &doc[b + END.len()..]),
            _ => format!("{doc}\n{table}\n"),
        };
        std::fs::write(&path, new).expect("docs/RELIABILITY.md");
    } else {
        let current = match (start, end) {
            (Some(a), Some(b)) => &doc[a..b + END.len()],
            _ => "",
        };
        assert!(
            current == table,
            "docs/RELIABILITY.md does not hold the generated bad-input table; \
             run `CDFILTER_WRITE_DOCS=1 cargo test -p cdfilter-host --test reliability_bad_input`"
        );
    }
}

#[test]
fn every_owned_ioctl_has_bad_input_rows() {
    let cases = cases();
    let missing: Vec<&str> = reliability_support::owned_rows()
        .into_iter()
        .filter(|d| {
            // The aliases share a handler with the row that is covered.
            let covered = |id: Ioctl| cases.iter().any(|c| c.target == name(id));
            !covered(d.id)
                && !TABLE
                    .iter()
                    .any(|o| o.id != d.id && same_handler(o.id, d.id) && covered(o.id))
        })
        .map(|d| d.name)
        .collect();
    assert!(missing.is_empty(), "no bad-input rows: {missing:?}");
}

/// IOCTLs that run the same handler.
fn same_handler(a: Ioctl, b: Ioctl) -> bool {
    use Ioctl as I;
    let groups: &[&[Ioctl]] = &[
        &[
            I::CdromGetDriveGeometry,
            I::DiskGetDriveGeometry,
            I::CdromGetDriveGeometryEx,
            I::DiskGetDriveGeometryEx,
        ],
        &[
            I::CdromCheckVerify,
            I::StorageCheckVerify,
            I::StorageCheckVerify2,
            I::DiskCheckVerify,
        ],
        &[I::CdromMediaRemoval, I::StorageMediaRemoval],
        &[I::CdromEjectMedia, I::StorageEjectMedia],
        &[I::CdromLoadMedia, I::StorageLoadMedia, I::StorageLoadMedia2],
        &[I::CdromReserve, I::StorageReserve],
        &[I::CdromRelease, I::StorageRelease],
    ];
    groups.iter().any(|g| g.contains(&a) && g.contains(&b))
}
