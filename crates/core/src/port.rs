//! The boundary to the lower driver: send one CDB, get the SRB's answer back.
//!
//! Everything below the core implements [`Port`]: the KMDF I/O target (SRBs to
//! the port driver), the simulated MMC drive, QEMU's ATAPI CD-ROM, tgt over
//! iSCSI and the fault injector. The data buffer of a [`Command`] may be a
//! window of the caller's own output buffer: that is how the raw-read path
//! lets the device transfer straight into the caller's memory (in the kernel,
//! a partial MDL of the request's MDL) without a copy.

/// Largest CDB the port accepts (SCSI 16-byte commands).
pub const MAX_CDB_LEN: usize = 16;

/// Bytes of sense data the port returns (fixed format needs 18; descriptor
/// format fits in the rest).
pub const SENSE_LEN: usize = 32;

/// A command descriptor block: up to 16 bytes, with its length.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Cdb {
    bytes: [u8; MAX_CDB_LEN],
    len: u8,
}

impl Cdb {
    /// A 6-byte CDB.
    pub const fn six(cdb: [u8; 6]) -> Self {
        let [b0, b1, b2, b3, b4, b5] = cdb;
        Self {
            bytes: [b0, b1, b2, b3, b4, b5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            len: 6,
        }
    }

    /// A 10-byte CDB.
    pub const fn ten(cdb: [u8; 10]) -> Self {
        let [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9] = cdb;
        Self {
            bytes: [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, 0, 0, 0, 0, 0, 0],
            len: 10,
        }
    }

    /// A 12-byte CDB.
    pub const fn twelve(cdb: [u8; 12]) -> Self {
        let [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11] = cdb;
        Self {
            bytes: [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, 0, 0, 0, 0],
            len: 12,
        }
    }

    /// A 16-byte CDB.
    pub const fn sixteen(bytes: [u8; 16]) -> Self {
        Self { bytes, len: 16 }
    }

    /// The CDB from raw bytes; `None` unless 6, 10, 12 or 16 bytes long.
    pub fn from_slice(b: &[u8]) -> Option<Self> {
        if !matches!(b.len(), 6 | 10 | 12 | 16) {
            return None;
        }
        let mut bytes = [0; MAX_CDB_LEN];
        bytes.get_mut(..b.len())?.copy_from_slice(b);
        Some(Self {
            bytes,
            len: b.len() as u8,
        })
    }

    /// The command bytes (6, 10, 12 or 16 of them).
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes
            .get(..usize::from(self.len))
            .unwrap_or(&self.bytes)
    }

    /// The operation code (byte 0).
    pub const fn opcode(&self) -> u8 {
        self.bytes[0]
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.len as usize
    }

    /// Never true: a CDB has at least 6 bytes.
    pub const fn is_empty(&self) -> bool {
        false
    }
}

/// The data phase of a command.
#[derive(Debug)]
pub enum DataPhase<'a> {
    /// No data.
    None,
    /// Device → host into this buffer (its length is the transfer length).
    In(&'a mut [u8]),
    /// Host → device from this buffer.
    Out(&'a [u8]),
}

impl DataPhase<'_> {
    /// Transfer length the command announces.
    pub fn len(&self) -> usize {
        match self {
            Self::None => 0,
            Self::In(b) => b.len(),
            Self::Out(b) => b.len(),
        }
    }

    /// True when there is no data phase or it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A shorter-lived view of the same buffer, to resend a command.
    pub fn reborrow(&mut self) -> DataPhase<'_> {
        match self {
            Self::None => DataPhase::None,
            Self::In(b) => DataPhase::In(b),
            Self::Out(b) => DataPhase::Out(b),
        }
    }
}

/// One command for the port.
#[derive(Debug)]
pub struct Command<'a> {
    /// The CDB.
    pub cdb: Cdb,
    /// Data buffer and direction.
    pub data: DataPhase<'a>,
    /// Timeout in seconds.
    pub timeout_secs: u32,
}

/// SRB status byte (low 6 bits; `SRB_STATUS_AUTOSENSE_VALID` and
/// `SRB_STATUS_QUEUE_FROZEN` are carried separately). Open: unknown values fit.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct SrbStatus(pub u8);

impl SrbStatus {
    /// `SRB_STATUS_PENDING`.
    pub const PENDING: Self = Self(0x00);
    /// `SRB_STATUS_SUCCESS`.
    pub const SUCCESS: Self = Self(0x01);
    /// `SRB_STATUS_ABORTED`.
    pub const ABORTED: Self = Self(0x02);
    /// `SRB_STATUS_ERROR` (check condition; sense may be valid).
    pub const ERROR: Self = Self(0x04);
    /// `SRB_STATUS_INVALID_REQUEST`.
    pub const INVALID_REQUEST: Self = Self(0x06);
    /// `SRB_STATUS_INVALID_PATH_ID`.
    pub const INVALID_PATH_ID: Self = Self(0x07);
    /// `SRB_STATUS_NO_DEVICE`.
    pub const NO_DEVICE: Self = Self(0x08);
    /// `SRB_STATUS_TIMEOUT`.
    pub const TIMEOUT: Self = Self(0x09);
    /// `SRB_STATUS_SELECTION_TIMEOUT`.
    pub const SELECTION_TIMEOUT: Self = Self(0x0A);
    /// `SRB_STATUS_COMMAND_TIMEOUT`.
    pub const COMMAND_TIMEOUT: Self = Self(0x0B);
    /// `SRB_STATUS_BUS_RESET`.
    pub const BUS_RESET: Self = Self(0x0E);
    /// `SRB_STATUS_PARITY_ERROR`.
    pub const PARITY_ERROR: Self = Self(0x0F);
    /// `SRB_STATUS_NO_HBA`.
    pub const NO_HBA: Self = Self(0x11);
    /// `SRB_STATUS_DATA_OVERRUN` (also reported for under-runs).
    pub const DATA_OVERRUN: Self = Self(0x12);
    /// `SRB_STATUS_UNEXPECTED_BUS_FREE`.
    pub const UNEXPECTED_BUS_FREE: Self = Self(0x13);
    /// `SRB_STATUS_PHASE_SEQUENCE_FAILURE`.
    pub const PHASE_SEQUENCE_FAILURE: Self = Self(0x14);
    /// `SRB_STATUS_REQUEST_FLUSHED`.
    pub const REQUEST_FLUSHED: Self = Self(0x16);
    /// `SRB_STATUS_INVALID_LUN`.
    pub const INVALID_LUN: Self = Self(0x20);
    /// `SRB_STATUS_INVALID_TARGET_ID`.
    pub const INVALID_TARGET_ID: Self = Self(0x21);
    /// `SRB_STATUS_INTERNAL_ERROR`.
    pub const INTERNAL_ERROR: Self = Self(0x30);
}

/// SCSI status byte values the core looks at.
pub mod scsi_status {
    /// GOOD.
    pub const GOOD: u8 = 0x00;
    /// CHECK CONDITION.
    pub const CHECK_CONDITION: u8 = 0x02;
    /// BUSY.
    pub const BUSY: u8 = 0x08;
    /// RESERVATION CONFLICT.
    pub const RESERVATION_CONFLICT: u8 = 0x18;
}

/// What the port reports for one command.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PortResult {
    /// SRB status (without the autosense/frozen flag bits).
    pub srb_status: SrbStatus,
    /// SCSI status byte.
    pub scsi_status: u8,
    /// Bytes actually transferred (`DataTransferLength` after completion).
    pub transferred: u32,
    /// Sense bytes; valid when `sense_len > 0` (autosense valid).
    pub sense: [u8; SENSE_LEN],
    /// Number of valid sense bytes.
    pub sense_len: u8,
}

impl PortResult {
    /// A successful command that moved `transferred` bytes.
    pub const fn good(transferred: u32) -> Self {
        Self {
            srb_status: SrbStatus::SUCCESS,
            scsi_status: scsi_status::GOOD,
            transferred,
            sense: [0; SENSE_LEN],
            sense_len: 0,
        }
    }

    /// CHECK CONDITION with fixed-format sense key/ASC/ASCQ (autosense valid).
    pub const fn check_condition(key: u8, asc: u8, ascq: u8) -> Self {
        let mut sense = [0; SENSE_LEN];
        sense[0] = 0x70;
        sense[2] = key & 0x0F;
        sense[7] = 10;
        sense[12] = asc;
        sense[13] = ascq;
        Self {
            srb_status: SrbStatus::ERROR,
            scsi_status: scsi_status::CHECK_CONDITION,
            transferred: 0,
            sense,
            sense_len: 18,
        }
    }

    /// A failure with this SRB status and no sense.
    pub const fn srb_error(srb_status: SrbStatus) -> Self {
        Self {
            srb_status,
            scsi_status: scsi_status::GOOD,
            transferred: 0,
            sense: [0; SENSE_LEN],
            sense_len: 0,
        }
    }

    /// The valid sense bytes.
    pub fn sense_bytes(&self) -> &[u8] {
        self.sense
            .get(..usize::from(self.sense_len))
            .unwrap_or(&self.sense)
    }

    /// True for `SRB_STATUS_SUCCESS`.
    pub fn is_success(&self) -> bool {
        self.srb_status == SrbStatus::SUCCESS
    }
}

/// The lower edge of the driver: executes one command at a time.
///
/// Implementations must write at most `data.len()` bytes into a
/// [`DataPhase::In`] buffer and report in `transferred` how many they wrote
/// (an under-run is `SrbStatus::DATA_OVERRUN` with the real count). The core
/// never holds two commands in flight on one port; the environment serialises
/// access (see [`crate::device::Platform`]).
pub trait Port {
    /// Sends one command and waits for its completion.
    fn execute(&mut self, cmd: Command<'_>) -> PortResult;

    /// Largest data transfer of one command, in bytes (the adapter's
    /// `MaximumTransferLength` limited by its physical pages).
    fn max_transfer_bytes(&self) -> u32;

    /// The adapter's `AlignmentMask` for data buffers.
    fn alignment_mask(&self) -> u32 {
        0
    }

    /// Waits before a retry; `hundred_ns` is in 100 ns units like
    /// `KeDelayExecutionThread`. Simulated ports advance a virtual clock.
    fn delay(&mut self, hundred_ns: u64) {
        let _ = hundred_ns;
    }

    /// Suspends (`true`) or resumes (`false`) the media-change polling that
    /// the driver below runs on its own, and returns whether that took
    /// effect.
    ///
    /// On Windows the drive is polled by cdrom.sys, below this filter (GET
    /// EVENT STATUS NOTIFICATION or TEST UNIT READY about once a second, each
    /// change reported to the system). The filter owns the exclusive lock
    /// and the MCN disable counts, so cdrom.sys cannot know that polling
    /// must stop: the core tells it through this call whenever its own
    /// answer to "may the drive be polled?" changes (rawread-exclusive-audio.md
    /// §3.6, pitfall 17). Calls alternate, `true` first; after a `false`
    /// return the core keeps its previous state and asks again at the next
    /// change. Called inside the serialised section.
    ///
    /// The default does nothing and reports success: nothing polls above
    /// the simulator, QEMU or tgt.
    fn suspend_media_polling(&mut self, suspend: bool) -> bool {
        let _ = suspend;
        true
    }
}

impl<P: Port + ?Sized> Port for &mut P {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        (**self).execute(cmd)
    }
    fn max_transfer_bytes(&self) -> u32 {
        (**self).max_transfer_bytes()
    }
    fn alignment_mask(&self) -> u32 {
        (**self).alignment_mask()
    }
    fn delay(&mut self, hundred_ns: u64) {
        (**self).delay(hundred_ns);
    }
    fn suspend_media_polling(&mut self, suspend: bool) -> bool {
        (**self).suspend_media_polling(suspend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdb_lengths() {
        assert_eq!(Cdb::six([0; 6]).as_bytes().len(), 6);
        assert_eq!(
            Cdb::ten([0x43, 2, 0, 0, 0, 0, 0, 3, 0x24, 0]).opcode(),
            0x43
        );
        assert!(Cdb::from_slice(&[0; 7]).is_none());
        assert_eq!(Cdb::from_slice(&[0xBE; 12]).map(|c| c.len()), Some(12));
    }

    #[test]
    fn check_condition_is_fixed_format() {
        let r = PortResult::check_condition(5, 0x24, 0);
        assert_eq!(
            &r.sense_bytes()[..14],
            &[0x70, 0, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0]
        );
        assert_eq!(r.srb_status, SrbStatus::ERROR);
    }
}
