//! Sense data and SRB status → NTSTATUS, with the retry policy.
//!
//! One function, [`interpret`], decides what a failed command means, in the
//! class driver's order (spec/ioctls.md §3.1): internal error, reservation
//! conflict, the ASC/ASCQ table (§3.2), the sense-key table (§3.3), the SRB
//! status table (§3.4), then the MMC device hooks (§3.5). [`policy`] gives the
//! per-opcode retry cap, timeout and under-run rule (§3.6, §4.3).

use bitflags::bitflags;

use crate::port::{scsi_status, PortResult, SrbStatus};
use crate::scsi::opcode;
use crate::status::NtStatus;

/// 100 ns units per second.
pub const SECOND: u64 = 10_000_000;

bitflags! {
    /// Side effects a sense answer has on the device state.
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
    pub struct Effects: u16 {
        /// The medium (may have) changed: counter++, caches invalid.
        const MEDIA_CHANGED = 1 << 0;
        /// Set DO_VERIFY_VOLUME.
        const SET_VERIFY = 1 << 1;
        /// No medium present.
        const NO_MEDIA = 1 << 2;
        /// Capabilities must be probed again.
        const CAPS_STALE = 1 << 3;
        /// "Becoming ready" notification.
        const BECOMING_READY = 1 << 4;
        /// Operator eject request (5A/01).
        const EJECT_REQUEST = 1 << 5;
    }
}

/// Sense key values (SPC-4 table 49).
pub mod key {
    /// NO SENSE.
    pub const NO_SENSE: u8 = 0x0;
    /// RECOVERED ERROR.
    pub const RECOVERED_ERROR: u8 = 0x1;
    /// NOT READY.
    pub const NOT_READY: u8 = 0x2;
    /// MEDIUM ERROR.
    pub const MEDIUM_ERROR: u8 = 0x3;
    /// HARDWARE ERROR.
    pub const HARDWARE_ERROR: u8 = 0x4;
    /// ILLEGAL REQUEST.
    pub const ILLEGAL_REQUEST: u8 = 0x5;
    /// UNIT ATTENTION.
    pub const UNIT_ATTENTION: u8 = 0x6;
    /// DATA PROTECT.
    pub const DATA_PROTECT: u8 = 0x7;
    /// BLANK CHECK.
    pub const BLANK_CHECK: u8 = 0x8;
    /// ABORTED COMMAND.
    pub const ABORTED_COMMAND: u8 = 0xB;
}

/// The fields of fixed (0x70/0x71) or descriptor (0x72/0x73) sense data the
/// driver uses. ASC/ASCQ are `None` when the additional length does not
/// cover them.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Sense {
    /// Sense key (low nibble).
    pub key: u8,
    /// Additional sense code.
    pub asc: Option<u8>,
    /// Additional sense code qualifier.
    pub ascq: Option<u8>,
    /// Incorrect length indicator.
    pub ili: bool,
}

impl Sense {
    /// Parses sense bytes; `None` if they are too short or of an unknown
    /// response code.
    pub fn parse(b: &[u8]) -> Option<Self> {
        let code = b.first()? & 0x7F;
        match code {
            0x70 | 0x71 => {
                if b.len() < 8 {
                    return None;
                }
                let flags = *b.get(2)?;
                let additional = usize::from(*b.get(7)?);
                let covered = |i: usize| i < 8 + additional;
                Some(Self {
                    key: flags & 0x0F,
                    asc: b.get(12).copied().filter(|_| covered(12)),
                    ascq: b.get(13).copied().filter(|_| covered(13)),
                    ili: flags & 0x20 != 0,
                })
            }
            0x72 | 0x73 => {
                if b.len() < 4 {
                    return None;
                }
                // Descriptor format: ILI lives in a block-commands descriptor
                // (type 0x05, byte 3 bit 5) among the descriptors.
                let additional = usize::from(b.get(7).copied().unwrap_or(0));
                let mut ili = false;
                let mut i = 8usize;
                let end = (8 + additional).min(b.len());
                while i + 1 < end {
                    let (Some(&ty), Some(&len)) = (b.get(i), b.get(i + 1)) else {
                        break;
                    };
                    if ty == 0x05 {
                        ili = b.get(i + 3).is_some_and(|v| v & 0x20 != 0);
                    }
                    i += 2 + usize::from(len);
                }
                Some(Self {
                    key: b.get(1)? & 0x0F,
                    asc: b.get(2).copied(),
                    ascq: b.get(3).copied(),
                    ili,
                })
            }
            _ => None,
        }
    }
}

/// What a failed command means.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Verdict {
    /// Completion status if not retried (success for recovered errors).
    pub status: NtStatus,
    /// Whether a retry may help.
    pub retry: bool,
    /// Delay before the retry, 100 ns units.
    pub delay_100ns: u64,
    /// Side effects on the device state.
    pub effects: Effects,
}

impl Verdict {
    const fn new(status: NtStatus, retry: bool, delay_secs: u64) -> Self {
        Self {
            status,
            retry,
            delay_100ns: delay_secs * SECOND,
            effects: Effects::empty(),
        }
    }

    const fn with(mut self, effects: Effects) -> Self {
        self.effects = self.effects.union(effects);
        self
    }
}

/// A medium-changed style answer (28/xx, 5A/01, 3F/xx, other UNIT
/// ATTENTION): with a mounted volume the request fails with
/// VERIFY_REQUIRED and the volume is flagged; without one the command is
/// simply retried.
const fn changed(volume_mounted: bool, delay_secs: u64) -> Verdict {
    if volume_mounted {
        Verdict::new(NtStatus::VERIFY_REQUIRED, false, 0)
            .with(Effects::MEDIA_CHANGED.union(Effects::SET_VERIFY))
    } else {
        Verdict::new(NtStatus::IO_DEVICE_ERROR, true, delay_secs).with(Effects::MEDIA_CHANGED)
    }
}

/// Opcodes whose 02/04/07 and 02/04/08 answers an MMC drive means as "busy"
/// (§3.5).
const fn busy_when_in_progress(op: u8) -> bool {
    matches!(
        op,
        opcode::READ6
            | opcode::READ10
            | opcode::READ12
            | opcode::READ_CAPACITY
            | opcode::READ_CD
            | opcode::READ_CD_MSF
            | opcode::READ_TOC
            | opcode::WRITE6
            | opcode::WRITE10
            | opcode::READ_TRACK_INFORMATION
            | opcode::READ_DISC_INFORMATION
    )
}

/// The ASC/ASCQ table (§3.2). `None` falls through to the sense-key table.
fn by_asc(asc: u8, ascq: Option<u8>, ili: bool, volume_mounted: bool) -> Option<Verdict> {
    let q = ascq.unwrap_or(0);
    let v = match (asc, q) {
        // 04/01 LOGICAL UNIT IS IN PROCESS OF BECOMING READY.
        (0x04, 0x01) => {
            Verdict::new(NtStatus::DEVICE_NOT_READY, true, 10).with(Effects::BECOMING_READY)
        }
        // 04/07 OPERATION IN PROGRESS.
        (0x04, 0x07) => {
            Verdict::new(NtStatus::DEVICE_NOT_READY, true, 10).with(Effects::BECOMING_READY)
        }
        // 04/08 LONG WRITE IN PROGRESS.
        (0x04, 0x08) => Verdict::new(NtStatus::DEVICE_NOT_READY, true, 0),
        // 04/03 MANUAL INTERVENTION REQUIRED.
        (0x04, 0x03) => {
            Verdict::new(NtStatus::NO_MEDIA_IN_DEVICE, false, 0).with(Effects::NO_MEDIA)
        }
        // 04/04 FORMAT IN PROGRESS.
        (0x04, 0x04) => Verdict::new(NtStatus::DEVICE_NOT_READY, false, 0),
        // 04/xx other NOT READY causes (cause not reportable, start unit required).
        (0x04, _) => Verdict::new(NtStatus::DEVICE_NOT_READY, true, 0),
        // 3A/xx MEDIUM NOT PRESENT (tray open/closed, loadable, auxiliary).
        (0x3A, _) => Verdict::new(NtStatus::NO_MEDIA_IN_DEVICE, false, 0).with(Effects::NO_MEDIA),
        // 30/01 CANNOT READ MEDIUM - UNKNOWN FORMAT, 30/02 INCOMPATIBLE FORMAT.
        (0x30, 0x01 | 0x02) => Verdict::new(NtStatus::UNRECOGNIZED_MEDIA, false, 0),
        // 30/03 CLEANING CARTRIDGE INSTALLED.
        (0x30, 0x03) => Verdict::new(NtStatus::CLEANER_CARTRIDGE_INSTALLED, false, 0),
        // 02/00 NO SEEK COMPLETE.
        (0x02, 0x00) => Verdict::new(NtStatus::DEVICE_DATA_ERROR, true, 0),
        // 08/03 LOGICAL UNIT COMMUNICATION CRC ERROR.
        (0x08, 0x03) => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 1),
        // 21/xx LOGICAL BLOCK ADDRESS OUT OF RANGE / INVALID ELEMENT ADDRESS.
        (0x21, _) => Verdict::new(NtStatus::NONEXISTENT_SECTOR, false, 0),
        // 25/xx LOGICAL UNIT NOT SUPPORTED.
        (0x25, _) => Verdict::new(NtStatus::NO_SUCH_DEVICE, false, 0),
        // 24/xx INVALID FIELD IN CDB.
        (0x24, _) => Verdict::new(NtStatus::INVALID_DEVICE_REQUEST, false, 0),
        // 6F/00..05 copy protection (MMC: COPY PROTECTION KEY EXCHANGE ...).
        (0x6F, 0x00) => Verdict::new(NtStatus::CSS_AUTHENTICATION_FAILURE, false, 0),
        (0x6F, 0x01) => Verdict::new(NtStatus::CSS_KEY_NOT_PRESENT, false, 0),
        (0x6F, 0x02) => Verdict::new(NtStatus::CSS_KEY_NOT_ESTABLISHED, false, 0),
        (0x6F, 0x03) => Verdict::new(NtStatus::CSS_SCRAMBLED_SECTOR, false, 0),
        (0x6F, 0x04) => Verdict::new(NtStatus::CSS_REGION_MISMATCH, false, 0),
        (0x6F, 0x05) => Verdict::new(NtStatus::CSS_RESETS_EXHAUSTED, false, 0),
        (0x6F, _) => Verdict::new(NtStatus::COPY_PROTECTION_FAILURE, false, 0),
        // 28/xx NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED.
        (0x28, _) => changed(volume_mounted, 0),
        // 5A/01 OPERATOR MEDIUM REMOVAL REQUEST.
        (0x5A, 0x01) => changed(volume_mounted, 0).with(Effects::EJECT_REQUEST),
        // 3F/xx TARGET OPERATING CONDITIONS HAVE CHANGED.
        (0x3F, _) => changed(volume_mounted, 5),
        // 17/xx RECOVERED DATA WITHOUT ECC, 18/xx RECOVERED DATA WITH ECC,
        // 5D/xx FAILURE PREDICTION THRESHOLD EXCEEDED: the data is good.
        (0x17 | 0x18 | 0x5D, _) => Verdict::new(
            if ili {
                NtStatus::INVALID_BLOCK_LENGTH
            } else {
                NtStatus::SUCCESS
            },
            false,
            0,
        ),
        // 57/00 UNABLE TO RECOVER TABLE-OF-CONTENTS.
        (0x57, 0x00) => Verdict::new(NtStatus::UNRECOGNIZED_MEDIA, false, 0),
        _ => return None,
    };
    Some(v)
}

/// The sense-key table (§3.3).
fn by_key(sense: &Sense, volume_mounted: bool) -> Verdict {
    match sense.key {
        key::NO_SENSE if sense.ili => Verdict::new(NtStatus::INVALID_BLOCK_LENGTH, false, 0),
        key::NO_SENSE => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 0),
        key::RECOVERED_ERROR if sense.ili => Verdict::new(NtStatus::INVALID_BLOCK_LENGTH, false, 0),
        key::RECOVERED_ERROR => Verdict::new(NtStatus::SUCCESS, false, 0),
        key::NOT_READY => Verdict::new(NtStatus::DEVICE_NOT_READY, true, 0),
        key::MEDIUM_ERROR => Verdict::new(NtStatus::DEVICE_DATA_ERROR, false, 0),
        key::HARDWARE_ERROR => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 0),
        key::ILLEGAL_REQUEST => Verdict::new(NtStatus::INVALID_DEVICE_REQUEST, false, 0),
        key::UNIT_ATTENTION => changed(volume_mounted, 0),
        key::DATA_PROTECT => Verdict::new(NtStatus::MEDIA_WRITE_PROTECTED, false, 0),
        key::BLANK_CHECK => Verdict::new(NtStatus::NO_DATA_DETECTED, false, 0),
        key::ABORTED_COMMAND => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 1),
        _ => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 0),
    }
}

/// The SRB status table (§3.4), used when there is no usable sense.
fn by_srb_status(r: &PortResult) -> Verdict {
    match r.srb_status {
        SrbStatus::INVALID_LUN
        | SrbStatus::INVALID_TARGET_ID
        | SrbStatus::NO_DEVICE
        | SrbStatus::NO_HBA
        | SrbStatus::INVALID_PATH_ID => Verdict::new(NtStatus::NO_SUCH_DEVICE, false, 0),
        SrbStatus::TIMEOUT | SrbStatus::COMMAND_TIMEOUT | SrbStatus::ABORTED => {
            Verdict::new(NtStatus::IO_TIMEOUT, true, 1)
        }
        SrbStatus::SELECTION_TIMEOUT => Verdict::new(NtStatus::DEVICE_NOT_CONNECTED, false, 0),
        SrbStatus::DATA_OVERRUN => Verdict::new(NtStatus::DATA_OVERRUN, false, 0),
        SrbStatus::PHASE_SEQUENCE_FAILURE => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 1),
        SrbStatus::REQUEST_FLUSHED => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 0),
        SrbStatus::INVALID_REQUEST => Verdict::new(NtStatus::INVALID_DEVICE_REQUEST, false, 0),
        SrbStatus::UNEXPECTED_BUS_FREE | SrbStatus::PARITY_ERROR => {
            Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 1)
        }
        SrbStatus::BUS_RESET => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 0),
        SrbStatus::ERROR if r.scsi_status == scsi_status::BUSY => {
            Verdict::new(NtStatus::DEVICE_NOT_READY, true, 1)
        }
        SrbStatus::ERROR if r.scsi_status == scsi_status::GOOD => {
            Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 1)
        }
        _ => Verdict::new(NtStatus::IO_DEVICE_ERROR, true, 0),
    }
}

/// Decides what a failed command means (§3.1 order, then the MMC hooks).
pub fn interpret(op: u8, r: &PortResult, volume_mounted: bool) -> Verdict {
    if r.srb_status == SrbStatus::INTERNAL_ERROR {
        return Verdict::new(NtStatus::IO_DEVICE_ERROR, false, 0);
    }
    if r.scsi_status == scsi_status::RESERVATION_CONFLICT {
        return Verdict::new(NtStatus::DEVICE_BUSY, false, 0);
    }
    let sense = if r.sense_len >= 8 {
        Sense::parse(r.sense_bytes())
    } else {
        None
    };
    let Some(sense) = sense else {
        return by_srb_status(r);
    };
    let mut v = sense
        .asc
        .and_then(|asc| by_asc(asc, sense.ascq, sense.ili, volume_mounted))
        .unwrap_or_else(|| by_key(&sense, volume_mounted));
    if sense.key == key::UNIT_ATTENTION {
        v = v.with(Effects::MEDIA_CHANGED);
    }
    // START STOP UNIT refused with ASC 53 (MEDIA LOAD OR EJECT FAILED /
    // MEDIUM REMOVAL PREVENTED): MMC reports 5/53/02, but old ATAPI devices
    // (and QEMU's ide-cd) use NOT READY, which the key table would retry six
    // times. A prevented eject does not go away by retrying; tolerate the
    // key and answer like the MMC form.
    if op == opcode::START_STOP_UNIT && sense.asc == Some(0x53) {
        return Verdict::new(NtStatus::INVALID_DEVICE_REQUEST, false, 0).with(v.effects);
    }
    // §3.5, MMC drives.
    match (sense.key, sense.asc, sense.ascq) {
        (key::NOT_READY, Some(0x04), Some(0x07 | 0x08)) if busy_when_in_progress(op) => {
            v.status = NtStatus::DEVICE_BUSY;
            v.retry = true;
        }
        (key::UNIT_ATTENTION, Some(0x28 | 0x29), _) => v = v.with(Effects::CAPS_STALE),
        (key::UNIT_ATTENTION, Some(0x5A), Some(0x01..=0x03)) => {
            v.status = NtStatus::DEVICE_BUSY;
            v.retry = true;
            v = v.with(Effects::CAPS_STALE);
        }
        _ => {}
    }
    v
}

/// Per-opcode command policy.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Policy {
    /// Retries after the first try.
    pub max_retries: u32,
    /// Timeout; `None` is the device default.
    pub timeout_secs: Option<u32>,
    /// An under-run is success (MODE SENSE, GET PERFORMANCE).
    pub overrun_ok: bool,
}

/// The retry cap, timeout and under-run rule of an opcode (§3.6, §4.3).
pub const fn policy(op: u8) -> Policy {
    let (max_retries, timeout_secs, overrun_ok) = match op {
        opcode::TEST_UNIT_READY => (5, Some(20), false),
        opcode::READ_CAPACITY => (2, Some(20), false),
        opcode::MODE_SENSE6 | opcode::MODE_SENSE10 => (2, None, true),
        opcode::GET_PERFORMANCE => (4, Some(20), true),
        opcode::PREVENT_ALLOW_MEDIUM_REMOVAL => (2, None, false),
        opcode::GET_EVENT_STATUS_NOTIFICATION => (5, Some(4), false),
        opcode::READ_DISC_INFORMATION => (5, Some(4), false),
        _ => (5, None, false),
    };
    Policy {
        max_retries,
        timeout_secs,
        overrun_ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(k: u8, asc: u8, ascq: u8) -> PortResult {
        PortResult::check_condition(k, asc, ascq)
    }

    #[track_caller]
    fn status(op: u8, r: PortResult, mounted: bool) -> (NtStatus, bool) {
        let v = interpret(op, &r, mounted);
        (v.status, v.retry)
    }

    #[test]
    fn asc_table_rows() {
        let rows: &[((u8, u8, u8), NtStatus, bool)] = &[
            ((2, 0x04, 0x01), NtStatus::DEVICE_NOT_READY, true),
            ((2, 0x04, 0x03), NtStatus::NO_MEDIA_IN_DEVICE, false),
            ((2, 0x04, 0x04), NtStatus::DEVICE_NOT_READY, false),
            ((2, 0x04, 0x00), NtStatus::DEVICE_NOT_READY, true),
            ((2, 0x3A, 0x00), NtStatus::NO_MEDIA_IN_DEVICE, false),
            ((2, 0x3A, 0x01), NtStatus::NO_MEDIA_IN_DEVICE, false),
            ((3, 0x30, 0x01), NtStatus::UNRECOGNIZED_MEDIA, false),
            ((3, 0x30, 0x02), NtStatus::UNRECOGNIZED_MEDIA, false),
            (
                (2, 0x30, 0x03),
                NtStatus::CLEANER_CARTRIDGE_INSTALLED,
                false,
            ),
            ((3, 0x02, 0x00), NtStatus::DEVICE_DATA_ERROR, true),
            ((4, 0x08, 0x03), NtStatus::IO_DEVICE_ERROR, true),
            ((5, 0x21, 0x00), NtStatus::NONEXISTENT_SECTOR, false),
            ((5, 0x25, 0x00), NtStatus::NO_SUCH_DEVICE, false),
            ((5, 0x24, 0x00), NtStatus::INVALID_DEVICE_REQUEST, false),
            ((5, 0x6F, 0x00), NtStatus::CSS_AUTHENTICATION_FAILURE, false),
            ((5, 0x6F, 0x01), NtStatus::CSS_KEY_NOT_PRESENT, false),
            ((5, 0x6F, 0x02), NtStatus::CSS_KEY_NOT_ESTABLISHED, false),
            ((5, 0x6F, 0x03), NtStatus::CSS_SCRAMBLED_SECTOR, false),
            ((5, 0x6F, 0x04), NtStatus::CSS_REGION_MISMATCH, false),
            ((5, 0x6F, 0x05), NtStatus::CSS_RESETS_EXHAUSTED, false),
            ((5, 0x6F, 0x06), NtStatus::COPY_PROTECTION_FAILURE, false),
            ((1, 0x17, 0x01), NtStatus::SUCCESS, false),
            ((1, 0x18, 0x00), NtStatus::SUCCESS, false),
            ((1, 0x5D, 0x00), NtStatus::SUCCESS, false),
            ((3, 0x57, 0x00), NtStatus::UNRECOGNIZED_MEDIA, false),
            ((5, 0x64, 0x00), NtStatus::INVALID_DEVICE_REQUEST, false),
            ((5, 0x20, 0x00), NtStatus::INVALID_DEVICE_REQUEST, false),
            ((5, 0x2C, 0x00), NtStatus::INVALID_DEVICE_REQUEST, false),
        ];
        for &((k, asc, ascq), want, retry) in rows {
            assert_eq!(
                status(0x28, cc(k, asc, ascq), false),
                (want, retry),
                "{k:x}/{asc:02x}/{ascq:02x}"
            );
        }
    }

    #[test]
    fn key_table_rows() {
        let rows: &[(u8, NtStatus, bool)] = &[
            (0, NtStatus::IO_DEVICE_ERROR, true),
            (1, NtStatus::SUCCESS, false),
            (2, NtStatus::DEVICE_NOT_READY, true),
            (3, NtStatus::DEVICE_DATA_ERROR, false),
            (4, NtStatus::IO_DEVICE_ERROR, true),
            (5, NtStatus::INVALID_DEVICE_REQUEST, false),
            (7, NtStatus::MEDIA_WRITE_PROTECTED, false),
            (8, NtStatus::NO_DATA_DETECTED, false),
            (0xB, NtStatus::IO_DEVICE_ERROR, true),
            (0xD, NtStatus::IO_DEVICE_ERROR, true),
        ];
        // ASC 0x11 (unrecovered read error) is not in the ASC table.
        for &(k, want, retry) in rows {
            assert_eq!(
                status(0x28, cc(k, 0x11, 0), false),
                (want, retry),
                "key {k:x}"
            );
        }
    }

    #[test]
    fn ili_turns_recovered_into_invalid_block_length() {
        let mut r = cc(1, 0x11, 0);
        r.sense[2] |= 0x20;
        assert_eq!(status(0x28, r, false).0, NtStatus::INVALID_BLOCK_LENGTH);
        let mut r = cc(0, 0x00, 0);
        r.sense[2] |= 0x20;
        assert_eq!(status(0x28, r, false).0, NtStatus::INVALID_BLOCK_LENGTH);
    }

    #[test]
    fn medium_changed_depends_on_a_mounted_volume() {
        let v = interpret(0x00, &cc(6, 0x28, 0), true);
        assert_eq!((v.status, v.retry), (NtStatus::VERIFY_REQUIRED, false));
        assert!(v
            .effects
            .contains(Effects::MEDIA_CHANGED | Effects::SET_VERIFY));
        let v = interpret(0x00, &cc(6, 0x28, 0), false);
        assert_eq!((v.status, v.retry), (NtStatus::IO_DEVICE_ERROR, true));
        assert!(v.effects.contains(Effects::MEDIA_CHANGED));
        assert!(!v.effects.contains(Effects::SET_VERIFY));
        let v = interpret(0x00, &cc(6, 0x29, 0), true);
        assert_eq!(v.status, NtStatus::VERIFY_REQUIRED);
        assert!(v.effects.contains(Effects::CAPS_STALE));
        let v = interpret(0x00, &cc(6, 0x3F, 0x01), false);
        assert_eq!(v.delay_100ns, 5 * SECOND);
    }

    #[test]
    fn mmc_busy_on_read_cd_in_progress() {
        assert_eq!(
            status(0xBE, cc(2, 0x04, 0x07), false),
            (NtStatus::DEVICE_BUSY, true)
        );
        assert_eq!(
            status(0xBE, cc(2, 0x04, 0x08), false),
            (NtStatus::DEVICE_BUSY, true)
        );
        assert_eq!(
            status(0x47, cc(2, 0x04, 0x07), false),
            (NtStatus::DEVICE_NOT_READY, true)
        );
    }

    #[test]
    fn srb_status_rows() {
        let rows: &[(SrbStatus, NtStatus, bool)] = &[
            (SrbStatus::INVALID_LUN, NtStatus::NO_SUCH_DEVICE, false),
            (
                SrbStatus::INVALID_TARGET_ID,
                NtStatus::NO_SUCH_DEVICE,
                false,
            ),
            (SrbStatus::NO_DEVICE, NtStatus::NO_SUCH_DEVICE, false),
            (SrbStatus::NO_HBA, NtStatus::NO_SUCH_DEVICE, false),
            (SrbStatus::INVALID_PATH_ID, NtStatus::NO_SUCH_DEVICE, false),
            (SrbStatus::TIMEOUT, NtStatus::IO_TIMEOUT, true),
            (SrbStatus::COMMAND_TIMEOUT, NtStatus::IO_TIMEOUT, true),
            (SrbStatus::ABORTED, NtStatus::IO_TIMEOUT, true),
            (
                SrbStatus::SELECTION_TIMEOUT,
                NtStatus::DEVICE_NOT_CONNECTED,
                false,
            ),
            (SrbStatus::DATA_OVERRUN, NtStatus::DATA_OVERRUN, false),
            (
                SrbStatus::PHASE_SEQUENCE_FAILURE,
                NtStatus::IO_DEVICE_ERROR,
                true,
            ),
            (SrbStatus::REQUEST_FLUSHED, NtStatus::IO_DEVICE_ERROR, true),
            (
                SrbStatus::INVALID_REQUEST,
                NtStatus::INVALID_DEVICE_REQUEST,
                false,
            ),
            (
                SrbStatus::UNEXPECTED_BUS_FREE,
                NtStatus::IO_DEVICE_ERROR,
                true,
            ),
            (SrbStatus::PARITY_ERROR, NtStatus::IO_DEVICE_ERROR, true),
            (SrbStatus::BUS_RESET, NtStatus::IO_DEVICE_ERROR, true),
            (SrbStatus::ERROR, NtStatus::IO_DEVICE_ERROR, true),
            (SrbStatus(0x3F), NtStatus::IO_DEVICE_ERROR, true),
        ];
        for &(s, want, retry) in rows {
            assert_eq!(
                status(0x28, PortResult::srb_error(s), false),
                (want, retry),
                "{s:?}"
            );
        }
        let mut busy = PortResult::srb_error(SrbStatus::ERROR);
        busy.scsi_status = scsi_status::BUSY;
        assert_eq!(status(0x28, busy, false).0, NtStatus::DEVICE_NOT_READY);
        let mut rc = PortResult::srb_error(SrbStatus::ERROR);
        rc.scsi_status = scsi_status::RESERVATION_CONFLICT;
        assert_eq!(status(0x28, rc, false), (NtStatus::DEVICE_BUSY, false));
        assert_eq!(
            status(
                0x28,
                PortResult::srb_error(SrbStatus::INTERNAL_ERROR),
                false
            ),
            (NtStatus::IO_DEVICE_ERROR, false)
        );
    }

    #[test]
    fn asc_not_covered_by_additional_length_falls_back_to_key() {
        let mut r = cc(5, 0x21, 0);
        r.sense[7] = 4; // covers bytes 8..12 only
        assert_eq!(Sense::parse(r.sense_bytes()).map(|s| s.asc), Some(None));
        assert_eq!(status(0x28, r, false).0, NtStatus::INVALID_DEVICE_REQUEST);
    }

    #[test]
    fn descriptor_sense() {
        let mut r = PortResult::srb_error(SrbStatus::ERROR);
        r.scsi_status = scsi_status::CHECK_CONDITION;
        r.sense[..8].copy_from_slice(&[0x72, 0x05, 0x21, 0x00, 0, 0, 0, 0]);
        r.sense_len = 8;
        assert_eq!(status(0x28, r, false).0, NtStatus::NONEXISTENT_SECTOR);
    }

    #[test]
    fn eject_refused_by_removal_prevention_is_not_retried_whatever_the_key() {
        assert_eq!(
            status(0x1B, cc(5, 0x53, 0x02), false),
            (NtStatus::INVALID_DEVICE_REQUEST, false)
        );
        assert_eq!(
            status(0x1B, cc(2, 0x53, 0x00), false),
            (NtStatus::INVALID_DEVICE_REQUEST, false)
        );
        // Other opcodes keep the key's meaning.
        assert_eq!(
            status(0x28, cc(2, 0x53, 0x00), false),
            (NtStatus::DEVICE_NOT_READY, true)
        );
    }

    #[test]
    fn policies() {
        assert_eq!(policy(0x25).max_retries, 2);
        assert_eq!(policy(0x5A).max_retries, 2);
        assert!(policy(0x5A).overrun_ok);
        assert_eq!(policy(0xAC).max_retries, 4);
        assert_eq!(policy(0x00).timeout_secs, Some(20));
        assert_eq!(policy(0xBE).max_retries, 5);
    }
}
