//! Device-wide state, per-handle state, and the command loop.
//!
//! State is split by who may touch it:
//! - [`Shared`]: read on every request without serialisation (atomics only):
//!   the exclusive-lock owner, the play flag, the media-change counter, the
//!   verify flag and the start-time caches.
//! - [`UnitState`]: touched only while the platform serialises the device
//!   (one translated command at a time, like the class driver's sequential
//!   queue): capacity, capabilities, lock counts, the lock holder's name.
//! - [`FileContext`]: per handle (per WDF file object), atomics because one
//!   handle may carry overlapped requests.
//!
//! The platform ([`Platform`]) supplies the serialisation and receives the
//! events the driver reports to the system (media removal/arrival, ...).

use core::num::NonZeroU64;
use core::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicU8, Ordering};

use crate::port::{Cdb, Command, DataPhase, Port, PortResult, SrbStatus};
use crate::sense::{self, Effects};
use crate::status::NtStatus;

/// Identity of a handle's file object (the WDFFILEOBJECT in the kernel, a
/// counter on the host). Never zero, so 0 can mean "no owner".
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub struct FileId(pub NonZeroU64);

impl FileId {
    /// The raw value.
    pub const fn get(self) -> u64 {
        self.0.get()
    }

    /// From a raw value; `None` for 0.
    pub const fn new(raw: u64) -> Option<Self> {
        match NonZeroU64::new(raw) {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }
}

/// Streaming flags of a handle (IOCTL_CDROM_ENABLE_STREAMING).
pub mod streaming {
    /// Reads of this handle use READ(12) with the Streaming bit.
    pub const READ: u8 = 1;
    /// Writes of this handle use WRITE(12) with the Streaming bit.
    pub const WRITE: u8 = 2;
}

/// Per-handle state: the file-object context.
#[derive(Debug)]
pub struct FileContext {
    id: FileId,
    /// Simple (IOCTL_STORAGE_MEDIA_REMOVAL) prevent count held by this handle.
    pub removal_locks: AtomicU32,
    /// Secure (IOCTL_STORAGE_EJECTION_CONTROL) prevent count held by this handle.
    pub secure_locks: AtomicU32,
    /// How many times this handle disabled media-change notification.
    pub mcn_disables: AtomicU32,
    /// [`streaming`] flags.
    pub streaming: AtomicU8,
}

impl FileContext {
    /// A fresh context for a newly created file object.
    pub const fn new(id: FileId) -> Self {
        Self {
            id,
            removal_locks: AtomicU32::new(0),
            secure_locks: AtomicU32::new(0),
            mcn_disables: AtomicU32::new(0),
            streaming: AtomicU8::new(0),
        }
    }

    /// The file object's identity.
    pub const fn id(&self) -> FileId {
        self.id
    }
}

/// Something the driver reports to the system.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Event {
    /// Media removal notification (GUID_IO_MEDIA_REMOVAL).
    MediaRemoval,
    /// Media arrival notification (GUID_IO_MEDIA_ARRIVAL).
    MediaArrival,
    /// GUID_IO_CDROM_EXCLUSIVE_LOCK.
    ExclusiveLock,
    /// GUID_IO_CDROM_EXCLUSIVE_UNLOCK.
    ExclusiveUnlock,
    /// The drive reported "becoming ready".
    BecomingReady,
    /// The operator pressed the eject button (5A/01).
    EjectRequest,
}

/// What the environment provides: serialisation of the device and a sink
/// for events. The KMDF glue implements it with a wait lock and PnP
/// notifications; the host model with a mutex and a recorded event list.
pub trait Platform {
    /// The port below.
    type Port: Port;

    /// Runs `f` with exclusive access to the unit (port + serialised state).
    fn serialize<R>(&self, f: impl FnOnce(&mut Unit<Self::Port>) -> R) -> R;

    /// Reports an event to the system.
    fn notify(&self, event: Event);
}

/// Capacity as the last READ CAPACITY reported it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Capacity {
    /// Last logical block address.
    pub last_lba: u32,
    /// Block length rounded down to a power of two (2048 when the drive
    /// reported 0).
    pub block_len: u32,
    /// log2(block_len).
    pub sector_shift: u8,
    /// (last_lba + 1) << sector_shift, or 0x7FFF_FFFF when the drive
    /// reported a block length of 0.
    pub partition_len: u64,
}

impl Capacity {
    /// Interprets READ CAPACITY(10) data (last LBA, block length, both BE)
    /// with the class driver's rounding rule.
    pub fn from_read_capacity(last_lba: u32, bytes_per_block: u32) -> Self {
        if bytes_per_block == 0 {
            return Self {
                last_lba,
                block_len: 2048,
                sector_shift: 11,
                partition_len: 0x7FFF_FFFF,
            };
        }
        let shift = bytes_per_block.ilog2();
        Self {
            last_lba,
            block_len: 1 << shift,
            sector_shift: shift as u8,
            partition_len: (u64::from(last_lba) + 1) << shift,
        }
    }
}

/// Drive capabilities probed at start and after a media change.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Capabilities {
    /// The drive is MMC (GET CONFIGURATION works).
    pub mmc: bool,
    /// READ CD can return C2 error pointers.
    pub c2: bool,
    /// READ CD can return raw P–W sub-channel.
    pub subcode: bool,
    /// Real-time streaming reads are supported (feature 0x107 current).
    pub streaming_read: bool,
    /// Streaming writes are supported (feature 0x107 Stream Recording).
    pub streaming_write: bool,
    /// The current profile (GET CONFIGURATION header).
    pub current_profile: u16,
    /// Capabilities must be probed again before they are trusted.
    pub stale: bool,
}

/// Longest cached INQUIRY answer (`MAXIMUM_CDROM_INQUIRY_SIZE`).
pub const INQUIRY_MAX: usize = 260;

/// State that only the serialised path touches.
#[derive(Clone, Debug)]
pub struct UnitState {
    /// Last READ CAPACITY, if any succeeded since the last media change.
    pub capacity: Option<Capacity>,
    /// Probed capabilities.
    pub caps: Capabilities,
    /// Name of the exclusive-lock holder, zero padded (64 bytes).
    pub exclusive_name: [u8; 64],
    /// The holder took the lock with CDROM_NO_MEDIA_NOTIFICATIONS: its
    /// release (explicit or at cleanup) sends no removal/arrival pair.
    pub exclusive_quiet: bool,
    /// Device-wide simple prevent count.
    pub lock_count: u32,
    /// Device-wide secure prevent count.
    pub protected_lock_count: u32,
    /// Send SET STREAMING RestoreDefaults at the next medium change.
    pub restore_speed_on_change: bool,
    /// A media event arrived while the exclusive lock was held.
    pub event_pending: bool,
    /// Bytes the driver copied into callers' buffers itself (not the
    /// device's own transfers). The raw-read path keeps this at 0.
    pub bytes_copied: u64,
    /// Media-change polling, MCN disables, reservation and streaming
    /// fallbacks (owned by [`crate::handlers::media`]).
    pub media: crate::handlers::media::MediaState,
    /// The drive refuses GET CONFIGURATION with RT = ONE: such requests are
    /// sent as RT = ALL and the answer cut to the one feature (the class
    /// driver's CDROM_HACK_BAD_TYPE_ONE_GET_CONFIG; see
    /// [`crate::handlers::info::configuration_one`]).
    pub bad_type_one_config: bool,
}

impl UnitState {
    /// State of a device that has not been probed yet.
    pub const fn new() -> Self {
        Self {
            capacity: None,
            caps: Capabilities {
                mmc: false,
                c2: false,
                subcode: false,
                streaming_read: false,
                streaming_write: false,
                current_profile: 0,
                stale: true,
            },
            exclusive_name: [0; 64],
            exclusive_quiet: false,
            lock_count: 0,
            protected_lock_count: 0,
            restore_speed_on_change: false,
            event_pending: false,
            bytes_copied: 0,
            media: crate::handlers::media::MediaState::new(),
            bad_type_one_config: false,
        }
    }
}

impl Default for UnitState {
    fn default() -> Self {
        Self::new()
    }
}

/// The port and the serialised state, handed out by [`Platform::serialize`].
#[derive(Debug)]
pub struct Unit<P> {
    /// The lower edge.
    pub port: P,
    /// Serialised state.
    pub state: UnitState,
}

impl<P> Unit<P> {
    /// A unit over `port` with fresh state.
    pub const fn new(port: P) -> Self {
        Self {
            port,
            state: UnitState::new(),
        }
    }
}

/// Device state read without serialisation.
#[derive(Debug)]
pub struct Shared {
    /// File id of the exclusive-lock holder, 0 when unlocked. The per-request
    /// check is one load of this word.
    pub exclusive_owner: AtomicU64,
    /// The class driver's PlayActive flag.
    pub play_active: AtomicBool,
    /// Media-change counter (returned by CHECK_VERIFY).
    pub media_change_count: AtomicU32,
    /// DO_VERIFY_VOLUME: the mounted volume must be verified.
    pub verify_volume: AtomicBool,
    /// A file system is mounted on the device (VPB_MOUNTED).
    pub volume_mounted: AtomicBool,
    /// Cached INQUIRY data (set at start).
    inquiry: [u8; INQUIRY_MAX],
    inquiry_len: usize,
    /// Default command timeout, seconds.
    pub default_timeout_secs: u32,
}

impl Shared {
    /// Fresh shared state.
    pub const fn new() -> Self {
        Self {
            exclusive_owner: AtomicU64::new(0),
            play_active: AtomicBool::new(false),
            media_change_count: AtomicU32::new(0),
            verify_volume: AtomicBool::new(false),
            volume_mounted: AtomicBool::new(false),
            inquiry: [0; INQUIRY_MAX],
            inquiry_len: 0,
            default_timeout_secs: 10,
        }
    }

    /// The cached INQUIRY data.
    pub fn inquiry(&self) -> &[u8] {
        self.inquiry.get(..self.inquiry_len).unwrap_or(&[])
    }

    /// Replaces the cached INQUIRY data (start-up only: needs `&mut`).
    pub fn set_inquiry(&mut self, data: &[u8]) {
        let n = data.len().min(INQUIRY_MAX);
        if let (Some(dst), Some(src)) = (self.inquiry.get_mut(..n), data.get(..n)) {
            dst.copy_from_slice(src);
            self.inquiry_len = n;
        }
    }

    /// True while no handle holds the exclusive lock: the whole per-request
    /// lock check in that state, one atomic load. Inlined into the callers
    /// (the entry points live in the driver crate, so without the hint the
    /// check would be a call into this crate's code).
    #[inline]
    pub fn exclusive_free(&self) -> bool {
        self.exclusive_owner.load(Ordering::Acquire) == 0
    }

    /// The exclusive-lock holder, if any.
    pub fn exclusive_owner(&self) -> Option<FileId> {
        FileId::new(self.exclusive_owner.load(Ordering::Acquire))
    }
}

impl Default for Shared {
    fn default() -> Self {
        Self::new()
    }
}

/// The failure of one command after the retry policy gave up.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CmdError {
    /// The status the request completes with.
    pub status: NtStatus,
    /// Bytes the device transferred before failing (an under-run reports
    /// the real count here).
    pub transferred: usize,
}

/// Per-command knobs over the opcode's default policy.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct SendOpts {
    /// Treat an under-run (`SRB_STATUS_DATA_OVERRUN`) as success.
    pub overrun_ok: bool,
    /// Timeout; `None` takes the opcode's default.
    pub timeout_secs: Option<u32>,
    /// Retry cap; `None` takes the opcode's default.
    pub max_retries: Option<u32>,
    /// The data-in buffer is the caller's own memory (direct I/O: the
    /// RAW_READ MDL, a read's pages), not a system buffer: a byte the device
    /// does not write is the caller's own data, never kernel memory, so the
    /// buffer is not zeroed before each try. Zeroing it would add a write
    /// pass over every transfer (64 KiB to megabytes) to the fast path.
    pub caller_memory: bool,
}

/// What a handler works with inside the serialised section.
pub struct Ctx<'a, P: Port> {
    /// The port.
    pub port: &'a mut P,
    /// Serialised state.
    pub state: &'a mut UnitState,
    /// Unserialised state.
    pub shared: &'a Shared,
    /// The requesting handle, if the request has a file object.
    pub file: Option<&'a FileContext>,
    notify: &'a dyn Fn(Event),
    last_failure: Option<PortResult>,
}

impl<'a, P: Port> Ctx<'a, P> {
    /// Builds a context (used by [`Device::run`] and by tests).
    pub fn new(
        unit: &'a mut Unit<P>,
        shared: &'a Shared,
        file: Option<&'a FileContext>,
        notify: &'a dyn Fn(Event),
    ) -> Self {
        Self {
            port: &mut unit.port,
            state: &mut unit.state,
            shared,
            file,
            notify,
            last_failure: None,
        }
    }

    /// The port's answer to the last failed try of [`Ctx::send`] (the raw
    /// SRB status and sense, for callers whose decision depends on more
    /// than the mapped status, such as the streaming fallback).
    pub fn last_failure(&self) -> Option<&PortResult> {
        self.last_failure.as_ref()
    }

    /// Reports an event to the system.
    pub fn notify(&self, event: Event) {
        (self.notify)(event);
    }

    /// Sends one command under the retry policy of its opcode
    /// ([`sense::policy`]) and returns the bytes transferred.
    ///
    /// Side effects of the sense data (media-change count, DO_VERIFY_VOLUME,
    /// stale capabilities, notifications) are applied here, once per answer.
    pub fn send(
        &mut self,
        cdb: Cdb,
        mut data: DataPhase<'_>,
        opts: SendOpts,
    ) -> Result<usize, CmdError> {
        let policy = sense::policy(cdb.opcode());
        let timeout_secs = opts.timeout_secs.unwrap_or_else(|| {
            policy
                .timeout_secs
                .unwrap_or(self.shared.default_timeout_secs)
        });
        let max_retries = opts.max_retries.unwrap_or(policy.max_retries);
        let capacity = data.len();
        let mut retried = 0u32;
        loop {
            // A data-in buffer may be a window of the caller's output (the
            // answers that are the Windows structure). Zeroed before every
            // try, a byte the device does not write reads as 0 whatever
            // count the port reports: an under-delivering device or a count
            // that overstates what arrived cannot hand the caller the
            // system buffer's earlier contents, and a retry never sees the
            // failed try's leftovers. The caller's own pages (direct I/O)
            // hold nothing of the kernel's and are left alone.
            if let DataPhase::In(buf) = &mut data {
                if !opts.caller_memory {
                    buf.fill(0);
                }
            }
            let r: PortResult = self.port.execute(Command {
                cdb,
                data: data.reborrow(),
                timeout_secs,
            });
            // A port may report more than it was given; never trust it past
            // the buffer.
            let transferred = (r.transferred as usize).min(capacity);
            let moved_data = r.is_success() || r.srb_status == SrbStatus::DATA_OVERRUN;
            if moved_data && r.transferred as usize > capacity {
                // A data count larger than the buffer is not a count of
                // bytes the device wrote: clipping it to the buffer would
                // hand the caller every byte the device never wrote (stale
                // memory where the answer is read straight into the
                // caller's buffer). The transfer is lost track of.
                self.last_failure = Some(r);
                return Err(CmdError {
                    status: NtStatus::DEVICE_PROTOCOL_ERROR,
                    transferred: 0,
                });
            }
            if r.is_success() {
                return Ok(transferred);
            }
            self.last_failure = Some(r);
            if r.srb_status == SrbStatus::DATA_OVERRUN && (opts.overrun_ok || policy.overrun_ok) {
                return Ok(transferred);
            }
            let verdict = sense::interpret(
                cdb.opcode(),
                &r,
                self.shared.volume_mounted.load(Ordering::Relaxed),
            );
            self.apply(verdict.effects);
            if verdict.status.is_success() {
                return Ok(transferred);
            }
            if verdict.retry && retried < max_retries {
                retried += 1;
                self.port.delay(verdict.delay_100ns);
                continue;
            }
            return Err(CmdError {
                status: verdict.status,
                transferred,
            });
        }
    }

    fn apply(&mut self, effects: Effects) {
        if effects.contains(Effects::MEDIA_CHANGED) {
            self.shared
                .media_change_count
                .fetch_add(1, Ordering::Relaxed);
            self.state.capacity = None;
            self.state.caps.stale = true;
            // The play state cannot survive a medium change; the sample left
            // it stale, which made reads fail with DEVICE_BUSY forever.
            self.shared.play_active.store(false, Ordering::Relaxed);
        }
        if effects.contains(Effects::NO_MEDIA) {
            self.state.capacity = None;
            self.shared.play_active.store(false, Ordering::Relaxed);
        }
        if effects.contains(Effects::SET_VERIFY) {
            self.shared.verify_volume.store(true, Ordering::Relaxed);
        }
        if effects.contains(Effects::CAPS_STALE) {
            self.state.caps.stale = true;
        }
        if effects.contains(Effects::BECOMING_READY) {
            self.notify(Event::BecomingReady);
        }
        if effects.contains(Effects::EJECT_REQUEST) {
            self.notify(Event::EjectRequest);
        }
    }

    /// Copies driver-built bytes into the caller's buffer and counts them
    /// (the raw-read path never calls this). Returns the bytes copied.
    pub fn copy_out(&mut self, dst: &mut [u8], src: &[u8]) -> usize {
        let n = dst.len().min(src.len());
        if let (Some(d), Some(s)) = (dst.get_mut(..n), src.get(..n)) {
            d.copy_from_slice(s);
        }
        self.state.bytes_copied = self.state.bytes_copied.saturating_add(n as u64);
        n
    }
}

/// The device: shared state plus the platform that serialises the unit.
pub struct Device<P: Platform> {
    /// Unserialised state.
    pub shared: Shared,
    /// The environment.
    pub platform: P,
}

impl<P: Platform> Device<P> {
    /// A device over a platform.
    pub const fn new(platform: P) -> Self {
        Self {
            shared: Shared::new(),
            platform,
        }
    }

    /// Runs `f` serialised, after checking again (now that no lock request
    /// can run concurrently) that another handle does not hold the exclusive
    /// lock; `check_lock = false` is for the lock IOCTL itself and for
    /// cleanup.
    pub fn run<R>(
        &self,
        file: Option<&FileContext>,
        check_lock: bool,
        f: impl FnOnce(&mut Ctx<'_, P::Port>) -> R,
    ) -> Result<R, NtStatus> {
        let shared = &self.shared;
        let platform = &self.platform;
        let notify = |e: Event| platform.notify(e);
        platform.serialize(|unit| {
            // The free lock is decided inline; `may_access` only runs when
            // a handle holds it.
            if check_lock
                && !shared.exclusive_free()
                && !crate::handlers::exclusive::may_access(shared, file)
            {
                return Err(NtStatus::ACCESS_DENIED);
            }
            let mut ctx = Ctx::new(unit, shared, file, &notify);
            Ok(f(&mut ctx))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::{Completion, Outcome};
    use crate::testing::{assert_script_done, device, file, ioctl, Step};

    /// READ_TOC_EX reads straight into the caller's buffer: a port whose
    /// count overstates what the device wrote hands the caller zeros there,
    /// never the buffer's earlier contents.
    #[test]
    fn a_count_larger_than_what_arrived_returns_zeros() {
        let toc = [0x00, 0x0A, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0];
        let mut step = Step::ok(&[0x43, 0, 0, 0, 0, 0, 1, 0, 0x20, 0], &toc);
        step.result.transferred = 32;
        let dev = device([step]);

        let (outcome, out) = ioctl(&dev, Some(&file(1)), 0x24054, &[0, 1, 0, 0], 32);

        assert_eq!(outcome, Outcome::Complete(Completion::ok(32)));
        assert_eq!(&out[..12], &toc);
        assert_eq!(&out[12..], &[0; 20]);
        assert_script_done(&dev);
    }

    /// A raw read's buffer is the caller's own pages (direct I/O): it is not
    /// zeroed before the transfer (that would be a second pass over every
    /// byte of the fast path); bytes the device leaves alone stay the
    /// caller's.
    #[test]
    fn a_raw_read_into_caller_memory_is_not_zeroed_first() {
        // CDDA, LBA 0, one sector; the device delivers only 4 bytes but
        // reports the whole sector.
        let cdb = [0xBE, 0x04, 0, 0, 0, 0, 0, 0, 1, 0xF0, 0, 0];
        let mut step = Step::ok(&cdb, &[1, 2, 3, 4]);
        step.result.transferred = 2352;
        let dev = device([
            Step::ok(
                &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                &[0, 0, 0x05, 0x45, 0, 0, 0x08, 0],
            ),
            step,
        ]);
        let mut input = [0u8; 16];
        input[8] = 1; // SectorCount 1
        input[12] = 2; // CDDA

        let (outcome, out) = ioctl(&dev, Some(&file(1)), 0x2403E, &input, 2352);

        assert_eq!(outcome, Outcome::Complete(Completion::ok(2352)));
        assert_eq!(&out[..4], &[1, 2, 3, 4]);
        assert!(out[4..].iter().all(|&b| b == 0xA5));
        assert_script_done(&dev);
    }

    /// READ_TOC_EX reads straight into the caller's buffer: a port claiming
    /// more bytes than the buffer holds must not turn the whole buffer,
    /// mostly never written, into the answer.
    #[test]
    fn a_transfer_count_larger_than_the_buffer_is_a_protocol_error() {
        let toc = [0x00, 0x0A, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0];
        let mut step = Step::ok(&[0x43, 0, 0, 0, 0, 0, 1, 0, 0x20, 0], &toc);
        step.result.transferred = 32 + 4096;
        let dev = device([step]);

        let (outcome, out) = ioctl(&dev, Some(&file(1)), 0x24054, &[0, 1, 0, 0], 32);

        assert_eq!(
            outcome,
            Outcome::Complete(Completion::error(NtStatus::DEVICE_PROTOCOL_ERROR))
        );
        assert_eq!(&out[..12], &toc);
        assert_script_done(&dev);
    }

    #[test]
    fn capacity_rounding() {
        let c = Capacity::from_read_capacity(0x0004_4E2F, 2048);
        assert_eq!(c.sector_shift, 11);
        assert_eq!(c.partition_len, 0x44E30 * 2048);
        let c = Capacity::from_read_capacity(99, 2352);
        assert_eq!((c.block_len, c.sector_shift), (2048, 11));
        let c = Capacity::from_read_capacity(99, 0);
        assert_eq!((c.block_len, c.partition_len), (2048, 0x7FFF_FFFF));
    }
}
