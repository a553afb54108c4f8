//! IOCTL_CDROM_EXCLUSIVE_ACCESS against a reference model: random
//! sequences over 8 handles (open, lock, unlock, query, MCN control, other IOCTLs, raw
//! reads, reads, writes, cleanup, close, volume mount/verify), each step checked
//! against a small model of the lock, through the host stack with its
//! verifier.

use cdfilter_core::device::{Event, FileId};
use cdfilter_core::status::NtStatus;
use cdfilter_host::blank::BlankDrive;
use cdfilter_host::model::Granted;
use cdfilter_host::{Handle, Stack};
use proptest::prelude::*;
use std::sync::atomic::Ordering;

const EXCLUSIVE_ACCESS: u32 = 0x0002_C05C;
const RAW_READ: u32 = 0x0002_403E;
const SLOTS: usize = 8;

const IGNORE_VOLUME: u32 = 1;
const NO_MEDIA_NOTIFICATIONS: u32 = 2;

/// IOCTLs other than EXCLUSIVE_ACCESS and RAW_READ: code, input, output
/// length, and whether a non-holder may send it while another handle holds
/// the lock.
const OTHERS: &[(&str, u32, &[u8], usize, bool)] = &[
    ("CDROM_READ_TOC", 0x0002_4000, &[], 804, false),
    ("CDROM_GET_CONFIGURATION", 0x0002_4058, &[0; 8], 64, false),
    ("STORAGE_READ_CAPACITY", 0x002D_5140, &[], 32, false),
    ("STORAGE_EJECT_MEDIA", 0x002D_4808, &[], 0, false),
    ("DVD_READ_KEY (unknown)", 0x0033_5004, &[0; 32], 32, false),
    (
        "QUERY_PROPERTY unique id",
        0x002D_1400,
        &[3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        64,
        false,
    ),
    (
        "QUERY_PROPERTY short",
        0x002D_1400,
        &[0, 0, 0, 0, 0, 0, 0, 0],
        64,
        false,
    ),
    ("CDROM_GET_INQUIRY_DATA", 0x0002_4064, &[], 96, true),
    ("SCSI_GET_ADDRESS", 0x0004_1018, &[], 8, true),
    ("STORAGE_GET_DEVICE_NUMBER", 0x002D_1080, &[], 12, true),
    (
        "QUERY_PROPERTY device",
        0x002D_1400,
        &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        64,
        true,
    ),
    (
        "QUERY_PROPERTY adapter exists",
        0x002D_1400,
        &[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
        64,
        true,
    ),
    ("MOUNTDEV_QUERY_DEVICE_NAME", 0x004D_0008, &[], 64, true),
];

#[derive(Clone, Debug)]
enum Name {
    Good(String),
    Empty,
    /// 64 allowed characters, no NUL.
    Unterminated,
    /// A good prefix with a character outside the set.
    BadChar(String, u8),
}

impl Name {
    fn bytes(&self) -> [u8; 64] {
        let mut b = [0u8; 64];
        match self {
            Self::Good(s) => b[..s.len()].copy_from_slice(s.as_bytes()),
            Self::Empty => {}
            Self::Unterminated => b = [b'x'; 64],
            Self::BadChar(s, c) => {
                b[..s.len()].copy_from_slice(s.as_bytes());
                b[s.len()] = *c;
            }
        }
        b
    }

    fn is_valid(&self) -> bool {
        matches!(self, Self::Good(_))
    }
}

#[derive(Clone, Debug)]
enum Op {
    Open(usize),
    Lock(usize, Name, u32),
    Unlock(usize, u32),
    Query(usize),
    Other(usize, usize),
    RawRead(usize, bool),
    Read(usize),
    Write(usize),
    Cleanup(usize),
    Close(usize),
    Mount(bool),
    Verified,
    /// IOCTL_STORAGE_MCN_CONTROL: disable (`true`) or enable.
    Mcn(usize, bool),
}

fn name() -> impl Strategy<Value = Name> {
    let good = "[0-9A-Za-z .,:;_-]{1,63}";
    prop_oneof![
        6 => good.prop_map(Name::Good),
        1 => Just(Name::Empty),
        1 => Just(Name::Unterminated),
        1 => ("[0-9A-Za-z]{0,20}", prop::sample::select(vec![b'/', b'\\', 0x80, b'\t', b'*']))
            .prop_map(|(s, c)| Name::BadChar(s, c)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let slot = 0..SLOTS;
    let flags = 0u32..4;
    prop_oneof![
        2 => slot.clone().prop_map(Op::Open),
        5 => (slot.clone(), name(), flags.clone()).prop_map(|(s, n, f)| Op::Lock(s, n, f)),
        3 => (slot.clone(), flags).prop_map(|(s, f)| Op::Unlock(s, f)),
        3 => slot.clone().prop_map(Op::Query),
        5 => (slot.clone(), 0..OTHERS.len()).prop_map(|(s, i)| Op::Other(s, i)),
        2 => (slot.clone(), any::<bool>()).prop_map(|(s, c2)| Op::RawRead(s, c2)),
        2 => slot.clone().prop_map(Op::Read),
        2 => slot.clone().prop_map(Op::Write),
        2 => slot.clone().prop_map(Op::Cleanup),
        2 => slot.prop_map(Op::Close),
        1 => any::<bool>().prop_map(Op::Mount),
        1 => Just(Op::Verified),
        3 => (0..SLOTS, any::<bool>()).prop_map(|(s, d)| Op::Mcn(s, d)),
    ]
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Slot {
    Closed,
    Open(Handle),
    CleanedUp(Handle),
}

/// The reference model.
struct Model {
    slots: [Slot; SLOTS],
    owner: Option<Handle>,
    name: [u8; 64],
    mounted: bool,
    verify: bool,
    /// The lock was taken with CDROM_NO_MEDIA_NOTIFICATIONS.
    quiet: bool,
    /// MCN disables held by the handle in each slot.
    mcn: [u32; SLOTS],
}

impl Model {
    fn open_handle(&self, s: usize) -> Option<Handle> {
        match self.slots[s] {
            Slot::Open(h) => Some(h),
            _ => None,
        }
    }

    /// Whether `h` is shut out by another handle's lock.
    fn locked_out(&self, h: Handle) -> bool {
        self.owner.is_some_and(|o| o != h)
    }

    /// What the unlock path does (explicit or at cleanup): the events sent
    /// and the state left behind.
    fn release(&mut self, notify: bool) -> Vec<Event> {
        self.owner = None;
        self.name = [0; 64];
        if self.mounted {
            self.verify = true;
        }
        let mut ev = Vec::new();
        if notify {
            ev.extend([Event::MediaRemoval, Event::MediaArrival]);
        }
        ev.push(Event::ExclusiveUnlock);
        ev
    }
}

fn lock_input(name: &Name, flags: u32) -> Vec<u8> {
    let mut b = 1u32.to_le_bytes().to_vec();
    b.extend_from_slice(&flags.to_le_bytes());
    b.extend_from_slice(&name.bytes());
    b
}

fn access_input(request_type: u32, flags: u32) -> Vec<u8> {
    let mut b = request_type.to_le_bytes().to_vec();
    b.extend_from_slice(&flags.to_le_bytes());
    b
}

fn raw_read_input(c2: bool) -> Vec<u8> {
    let mut b = (16i64 * 2048).to_le_bytes().to_vec();
    b.extend_from_slice(&2u32.to_le_bytes());
    b.extend_from_slice(&(if c2 { 4u32 } else { 2 }).to_le_bytes());
    b
}

/// Runs one step on the stack and the model; returns a mismatch, if any.
fn step(stack: &Stack<BlankDrive>, model: &mut Model, op: &Op) -> Result<(), String> {
    let platform = &stack.device().platform;
    platform.take_events();
    match op {
        Op::Open(s) => {
            if model.slots[*s] == Slot::Closed {
                model.slots[*s] = Slot::Open(stack.open(Granted::READ_WRITE));
            }
        }
        Op::Lock(s, name, flags) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            let r = stack.ioctl(h, EXCLUSIVE_ACCESS, &lock_input(name, *flags), 0);
            let want = if !name.is_valid() {
                NtStatus::INVALID_PARAMETER
            } else if model.mounted && flags & IGNORE_VOLUME == 0 {
                NtStatus::INVALID_DEVICE_STATE
            } else if model.owner.is_some() {
                NtStatus::ACCESS_DENIED
            } else {
                model.owner = Some(h);
                model.quiet = flags & NO_MEDIA_NOTIFICATIONS != 0;
                model.name = name.bytes();
                NtStatus::SUCCESS
            };
            check("lock", (r.status, r.information), (want, 0))?;
            let ev = if want == NtStatus::SUCCESS {
                vec![Event::ExclusiveLock]
            } else {
                vec![]
            };
            check("lock events", platform.take_events(), ev)?;
        }
        Op::Unlock(s, flags) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            let r = stack.ioctl(h, EXCLUSIVE_ACCESS, &access_input(2, *flags), 0);
            let (want, ev) = match model.owner {
                None => (NtStatus::INVALID_DEVICE_REQUEST, vec![]),
                Some(o) if o != h => (NtStatus::INVALID_HANDLE, vec![]),
                Some(_) => (
                    NtStatus::SUCCESS,
                    model.release(flags & NO_MEDIA_NOTIFICATIONS == 0 && !model.quiet),
                ),
            };
            check("unlock", (r.status, r.information), (want, 0))?;
            check("unlock events", platform.take_events(), ev)?;
        }
        Op::Query(s) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            let r = stack.ioctl(h, EXCLUSIVE_ACCESS, &access_input(0, 0), 65);
            let mut want = vec![u8::from(model.owner.is_some())];
            want.extend_from_slice(&model.name);
            check("query", (r.status, r.information), (NtStatus::SUCCESS, 65))?;
            check("query output", r.output, want)?;
        }
        Op::Other(s, which) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            let (what, code, input, out_len, allowed) = OTHERS[*which];
            let r = stack.ioctl(h, code, input, out_len);
            let denied = r.status == NtStatus::ACCESS_DENIED;
            if model.locked_out(h) && !allowed {
                check(
                    what,
                    (r.status, r.information),
                    (NtStatus::ACCESS_DENIED, 0),
                )?;
                check(what, r.commands.len(), 0)?;
            } else if denied {
                return Err(format!(
                    "{what}: ACCESS_DENIED though the filter must pass it"
                ));
            }
        }
        Op::RawRead(s, c2) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            let r = stack.ioctl(h, RAW_READ, &raw_read_input(*c2), 2 * 2648);
            let want = if model.locked_out(h) {
                (NtStatus::ACCESS_DENIED, 0)
            } else if model.verify {
                (NtStatus::VERIFY_REQUIRED, 0)
            } else if *c2 {
                // The zero-filled page 0x2A reports no C2 support.
                (NtStatus::INVALID_DEVICE_REQUEST, 0)
            } else {
                (NtStatus::SUCCESS, 2 * 2352)
            };
            check("raw read", (r.status, r.information), want)?;
        }
        Op::Read(s) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            let r = stack.read(h, 0, 2048);
            let want = if model.verify {
                (NtStatus::VERIFY_REQUIRED, 0)
            } else if model.locked_out(h) {
                (NtStatus::ACCESS_DENIED, 0)
            } else {
                (NtStatus::SUCCESS, 2048)
            };
            check("read", (r.status, r.information), want)?;
        }
        Op::Write(s) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            let r = stack.write(h, 0, &[0x5A; 2048]);
            if model.verify {
                check(
                    "write",
                    (r.status, r.information),
                    (NtStatus::VERIFY_REQUIRED, 0),
                )?;
            } else if model.locked_out(h) {
                check(
                    "write",
                    (r.status, r.information),
                    (NtStatus::ACCESS_DENIED, 0),
                )?;
                check("write commands", r.commands.len(), 0)?;
            } else {
                check("write passed down", r.passed_down, true)?;
            }
        }
        Op::Cleanup(s) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            stack.cleanup(h);
            model.slots[*s] = Slot::CleanedUp(h);
            model.mcn[*s] = 0;
            let ev = if model.owner == Some(h) {
                model.release(!model.quiet)
            } else {
                vec![]
            };
            check("cleanup events", platform.take_events(), ev)?;
        }
        Op::Close(s) => {
            if let Slot::CleanedUp(h) = model.slots[*s] {
                stack.close(h);
                model.slots[*s] = Slot::Closed;
            }
        }
        Op::Mount(on) => {
            stack
                .device()
                .shared
                .volume_mounted
                .store(*on, Ordering::Relaxed);
            model.mounted = *on;
        }
        Op::Mcn(s, disable) => {
            let Some(h) = model.open_handle(*s) else {
                return Ok(());
            };
            let r = stack.ioctl(h, MCN_CONTROL, &[u8::from(*disable)], 0);
            let want = if model.locked_out(h) {
                NtStatus::ACCESS_DENIED
            } else if *disable {
                model.mcn[*s] += 1;
                NtStatus::SUCCESS
            } else if model.mcn[*s] == 0 {
                NtStatus::INVALID_DEVICE_STATE
            } else {
                model.mcn[*s] -= 1;
                NtStatus::SUCCESS
            };
            check("MCN control", (r.status, r.information), (want, 0))?;
        }
        Op::Verified => {
            stack
                .device()
                .shared
                .verify_volume
                .store(false, Ordering::Relaxed);
            model.verify = false;
        }
    }
    let owner = stack.device().shared.exclusive_owner();
    check("owner", owner, model.owner.and_then(|h| FileId::new(h.0)))?;
    // The class driver below polls exactly while nobody holds the lock and
    // no MCN disable is outstanding.
    check(
        "class driver's polling suspended",
        stack.lower_polling_suspended(),
        model.owner.is_some() || model.mcn.iter().any(|&n| n != 0),
    )?;
    check("violations", stack.violations(), vec![])
}

fn check<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_lock_follows_the_model(ops in prop::collection::vec(op(), 40..80)) {
        let stack = Stack::new(BlankDrive);
        let mut m = Model {
            slots: [Slot::Closed; SLOTS],
            owner: None,
            name: [0; 64],
            mounted: false,
            verify: false,
            quiet: false,
            mcn: [0; SLOTS],
        };
        for s in 0..SLOTS {
            m.slots[s] = Slot::Open(stack.open(Granted::READ_WRITE));
        }
        for (i, op) in ops.iter().enumerate() {
            if let Err(e) = step(&stack, &mut m, op) {
                prop_assert!(false, "step {i} {op:?}: {e}");
            }
        }
        // Every handle goes away: the drive ends free.
        for s in 0..SLOTS {
            if let Slot::Open(h) = m.slots[s] {
                stack.close_handle(h);
            }
        }
        prop_assert_eq!(stack.device().shared.exclusive_owner(), None);
        prop_assert!(!stack.lower_polling_suspended());
        prop_assert_eq!(stack.violations(), vec![]);
    }
}

const MCN_CONTROL: u32 = 0x002D_0944;

#[test]
fn the_class_driver_stays_quiet_from_the_lock_to_the_last_mcn_enable() {
    let stack = Stack::new(BlankDrive);
    let (a, b) = (
        stack.open(Granted::READ_WRITE),
        stack.open(Granted::READ_WRITE),
    );
    let ok = |h, code, input: &[u8]| {
        let r = stack.ioctl(h, code, input, 0);
        assert_eq!(r.status, NtStatus::SUCCESS, "{code:#x} {input:?}");
    };

    ok(a, MCN_CONTROL, &[1]);
    assert!(stack.lower_polling_suspended(), "a's MCN disable");
    ok(
        b,
        EXCLUSIVE_ACCESS,
        &lock_input(&Name::Good("burner".into()), 0),
    );
    stack.close_handle(a);
    assert!(stack.lower_polling_suspended(), "b still holds the lock");
    ok(b, MCN_CONTROL, &[1]);
    ok(b, EXCLUSIVE_ACCESS, &access_input(2, 0));
    assert!(stack.lower_polling_suspended(), "b's MCN disable remains");
    ok(b, MCN_CONTROL, &[0]);
    assert!(!stack.lower_polling_suspended());
    stack.assert_no_violations();
}

#[test]
fn the_verifier_catches_a_class_driver_left_polling_under_a_disable() {
    let stack = Stack::new(BlankDrive);
    let h = stack.open(Granted::READ_WRITE);
    // A disable the class driver below was never told about.
    stack
        .device()
        .platform
        .with_unit(|u| u.state.media.mcn_disable_count = 1);

    let r = stack.ioctl(h, EXCLUSIVE_ACCESS, &access_input(0, 0), 65);

    assert_eq!(r.status, NtStatus::SUCCESS);
    let rules: Vec<String> = stack.violations().into_iter().map(|v| v.rule).collect();
    assert_eq!(
        rules,
        ["the class driver polls the drive while it is exclusively locked or MCN-disabled"]
    );
}

#[test]
fn exclusive_access_needs_a_read_write_handle() {
    // The code's access bits are READ | WRITE; the I/O manager (the model)
    // refuses other handles before the driver sees the request.
    let stack = Stack::new(BlankDrive);
    let query = access_input(0, 0);
    for granted in [Granted::READ, Granted::NONE] {
        let h = stack.open(granted);
        let r = stack.ioctl(h, EXCLUSIVE_ACCESS, &query, 65);
        assert_eq!((r.status, r.information), (NtStatus::ACCESS_DENIED, 0));
        assert!(!r.passed_down && r.commands.is_empty());
    }
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, EXCLUSIVE_ACCESS, &query, 65);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 65));
    assert_eq!(stack.violations(), []);
}

#[test]
fn a_read_only_handle_cannot_take_the_lock() {
    let stack = Stack::new(BlankDrive);
    let h = stack.open(Granted::READ);
    let r = stack.ioctl(
        h,
        EXCLUSIVE_ACCESS,
        &lock_input(&Name::Good("x".into()), 0),
        0,
    );
    assert_eq!(r.status, NtStatus::ACCESS_DENIED);
    assert_eq!(stack.device().shared.exclusive_owner(), None);
}
