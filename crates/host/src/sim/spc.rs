//! Primary commands: REQUEST SENSE, INQUIRY, START STOP UNIT, PREVENT ALLOW
//! MEDIUM REMOVAL, MECHANISM STATUS. TEST UNIT READY, RESERVE/RELEASE and
//! SYNCHRONIZE CACHE are one-liners in the dispatcher.

use super::wire::{answer, ascii_field, be16, byte, Outcome, Reply};
use super::{Sense, SimConfig, SimDrive};

/// Peripheral device type 5: CD/DVD device.
const PERIPHERAL_MMC: u8 = 0x05;

/// INQUIRY: standard data, or VPD pages 0x00 and 0x80.
pub(super) fn inquiry(config: &SimConfig, cdb: &[u8], buf: &mut [u8]) -> Outcome {
    let evpd = byte(cdb, 1) & 0x01 != 0;
    let cmddt = byte(cdb, 1) & 0x02 != 0;
    let page = byte(cdb, 2);
    let alloc = usize::from(be16(cdb, 3));
    if cmddt || (!evpd && page != 0) {
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    let data = if evpd {
        vpd_page(config, page)?
    } else {
        standard_inquiry(config)
    };
    Ok(answer(buf, &data, alloc))
}

/// Standard INQUIRY data: MMC device, removable, SPC-3, response format 2,
/// the configured identification, `inquiry_length` bytes in all.
fn standard_inquiry(config: &SimConfig) -> Vec<u8> {
    let len = usize::from(config.inquiry_length.clamp(36, 96));
    let mut v = vec![0; len];
    v[0] = PERIPHERAL_MMC;
    v[1] = 0x80; // RMB: removable medium
    v[2] = 0x05; // VERSION: SPC-3
    v[3] = 0x02; // RESPONSE DATA FORMAT 2
    v[4] = (len - 5) as u8; // ADDITIONAL LENGTH
    v[8..16].copy_from_slice(&ascii_field(&config.vendor, 8));
    v[16..32].copy_from_slice(&ascii_field(&config.product, 16));
    v[32..36].copy_from_slice(&ascii_field(&config.revision, 4));
    v
}

/// Vital product data: 0x00 supported pages, 0x80 unit serial number.
fn vpd_page(config: &SimConfig, page: u8) -> Result<Vec<u8>, Sense> {
    match page {
        0x00 => Ok(vec![PERIPHERAL_MMC, 0x00, 0x00, 2, 0x00, 0x80]),
        0x80 => {
            let serial: Vec<u8> = config.serial.bytes().take(251).collect();
            let mut v = vec![PERIPHERAL_MMC, 0x80, 0x00, serial.len() as u8];
            v.extend_from_slice(&serial);
            Ok(v)
        }
        _ => Err(Sense::INVALID_FIELD_IN_CDB),
    }
}

impl SimDrive {
    /// REQUEST SENSE: the sense of the last CHECK CONDITION (once), else a
    /// pending unit attention (which it clears), else the current NOT READY
    /// condition, else NO SENSE. Fixed format only.
    pub(super) fn request_sense(&mut self, cdb: &[u8], buf: &mut [u8]) -> Outcome {
        if byte(cdb, 1) & 0x01 != 0 {
            // DESC = 1: descriptor-format sense is not supported.
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        let alloc = usize::from(byte(cdb, 4));
        let sense = self
            .last_sense
            .take()
            .or_else(|| self.media.unit_attention.take())
            .or_else(|| self.media.not_ready())
            .unwrap_or(Sense::NO_SENSE);
        Ok(answer(buf, &sense.fixed(), alloc))
    }

    /// START STOP UNIT: eject (refused while removal is prevented), load,
    /// stop (ends playback) and start. A power condition is accepted and
    /// changes nothing.
    pub(super) fn start_stop_unit(&mut self, cdb: &[u8]) -> Outcome {
        let b4 = byte(cdb, 4);
        if b4 >> 4 != 0 {
            return Ok(Reply::Done);
        }
        let load_eject = b4 & 0x02 != 0;
        let start = b4 & 0x01 != 0;
        match (load_eject, start) {
            (true, false) => {
                if self.is_removal_prevented() {
                    return Err(Sense::REMOVAL_PREVENTED);
                }
                self.open_tray();
            }
            (true, true) => self.close_tray(),
            (false, false) => self.player.stop(),
            (false, true) => {
                if !self.media.present() {
                    return Err(self.media.not_ready().unwrap_or(Sense::NOT_PRESENT));
                }
            }
        }
        Ok(Reply::Done)
    }

    /// PREVENT ALLOW MEDIUM REMOVAL: 00 allow, 01 prevent, 10 persistent
    /// allow, 11 persistent prevent.
    pub(super) fn prevent_allow(&mut self, cdb: &[u8]) -> Reply {
        match byte(cdb, 4) & 0x03 {
            0 => self.media.prevent = false,
            1 => self.media.prevent = true,
            2 => self.media.persistent_prevent = false,
            _ => self.media.persistent_prevent = true,
        }
        Reply::Done
    }

    /// MECHANISM STATUS: the 8-byte header of a drive without a changer.
    pub(super) fn mechanism_status(&self, cdb: &[u8], buf: &mut [u8]) -> Reply {
        let alloc = usize::from(be16(cdb, 8));
        let mut v = [0u8; 8];
        // Byte 1: mechanism state (bits 7-5: 0 idle, 1 playing), door open.
        if self.player.is_playing() {
            v[1] |= 0x20;
        }
        if self.media.tray_open {
            v[1] |= 0x10;
        }
        answer(buf, &v, alloc)
    }
}
