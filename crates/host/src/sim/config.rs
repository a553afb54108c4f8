//! What kind of drive the simulation plays: profile, capabilities, limits
//! and identification strings.

use std::collections::BTreeSet;

/// The drive's MMC profile. A loaded disc is presented as a finalised medium
/// of this profile: a CD-R drive shows every image as a closed CD-R, a CD-RW
/// drive as a closed CD-RW. The drive also lists the lower profiles it reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Profile {
    /// CD-ROM (0x0008): a reader.
    #[default]
    CdRom,
    /// CD-R (0x0009): a CD-R writer.
    CdR,
    /// CD-RW (0x000A): a CD-RW writer.
    CdRw,
}

impl Profile {
    /// The profile number GET CONFIGURATION reports.
    pub const fn code(self) -> u16 {
        match self {
            Self::CdRom => 0x0008,
            Self::CdR => 0x0009,
            Self::CdRw => 0x000A,
        }
    }

    /// True for the recordable profiles (they have a PMA and an ATIP and
    /// answer the writer-only commands).
    pub const fn is_writer(self) -> bool {
        matches!(self, Self::CdR | Self::CdRw)
    }

    /// The profiles the drive lists, highest first (a CD-RW drive also reads
    /// CD-R and CD-ROM media).
    pub fn supported(self) -> &'static [Profile] {
        match self {
            Self::CdRom => &[Self::CdRom],
            Self::CdR => &[Self::CdR, Self::CdRom],
            Self::CdRw => &[Self::CdRw, Self::CdR, Self::CdRom],
        }
    }
}

/// Everything about the simulated drive that a test may want to vary.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SimConfig {
    /// Largest data phase the port accepts (the adapter's
    /// `MaximumTransferLength`); a longer one fails with
    /// `SRB_STATUS_INVALID_REQUEST` before the drive sees the command.
    pub max_transfer: u32,
    /// The adapter's alignment mask; a data buffer whose address has one of
    /// these bits set fails with `SRB_STATUS_INVALID_REQUEST`.
    pub alignment_mask: u32,
    /// The drive returns C2 error pointers (READ CD error field, feature
    /// 0x001E C2 bit, page 0x2A C2 Pointers bit).
    pub c2_pointers: bool,
    /// The drive returns sub-channel data with READ CD (page 0x2A R-W bits).
    pub subchannel: bool,
    /// The drive reads CD-TEXT (feature 0x001E CD-Text bit, READ TOC
    /// format 5).
    pub cd_text: bool,
    /// Real-time streaming (feature 0x0107, SET STREAMING, the READ(12)
    /// Streaming bit).
    pub streaming: bool,
    /// The drive's profile.
    pub profile: Profile,
    /// TEST UNIT READY commands answered BECOMING READY (2/04/01) after a
    /// medium is loaded, before the drive reports MEDIUM CHANGED.
    pub becoming_ready_turs: u32,
    /// INQUIRY vendor identification (8 characters, space padded).
    pub vendor: String,
    /// INQUIRY product identification (16 characters, space padded).
    pub product: String,
    /// INQUIRY product revision level (4 characters, space padded).
    pub revision: String,
    /// Unit serial number (VPD page 0x80).
    pub serial: String,
    /// Length of the standard INQUIRY data, 36..=96 (additional length =
    /// this − 5).
    pub inquiry_length: u8,
    /// Report an answer shorter than the data buffer as
    /// `SRB_STATUS_DATA_OVERRUN` with the real byte count, the way Windows
    /// port drivers report under-runs; `false` reports it as success with
    /// the real count.
    pub underrun_as_overrun: bool,
    /// LBAs whose READ CD C2 error bits are all set (and whose block error
    /// byte is non-zero).
    pub c2_error_lbas: BTreeSet<u32>,
    /// MODE SENSE(10) with DBD = 0 returns an 8-byte block descriptor (most
    /// MMC drives return none; some do).
    pub mode_sense10_block_descriptor: bool,
    /// The first command after power-on gets UNIT ATTENTION POWER ON,
    /// RESET (6/29/00).
    pub power_on_unit_attention: bool,
    /// Fastest read speed in kB/s (1x = 176 kB/s).
    pub max_read_speed: u16,
    /// GET CONFIGURATION with RT = ONE is refused with INVALID FIELD IN CDB
    /// (5/24/00), as some drives do (the class driver's
    /// CDROM_HACK_BAD_TYPE_ONE_GET_CONFIG).
    pub refuses_type_one_config: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            max_transfer: 64 * 1024,
            alignment_mask: 0,
            c2_pointers: true,
            subchannel: true,
            cd_text: true,
            streaming: true,
            profile: Profile::CdRom,
            becoming_ready_turs: 2,
            vendor: "CDFILTER".into(),
            product: "SIMULATED CD-RW".into(),
            revision: "1.0".into(),
            serial: "SIM0000001".into(),
            inquiry_length: 36,
            underrun_as_overrun: true,
            c2_error_lbas: BTreeSet::new(),
            mode_sense10_block_descriptor: false,
            power_on_unit_attention: false,
            max_read_speed: 7056,
            refuses_type_one_config: false,
        }
    }
}
