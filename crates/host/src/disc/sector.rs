//! The 2352-byte main channel of a CD-ROM sector (ECMA-130 §14, §16):
//! sync, header, EDC and the P/Q parity of the Reed–Solomon product code
//! (RSPC, ECMA-130 Annex A).
//!
//! Byte map of a Mode 1 sector:
//!
//! | bytes      | field                                             |
//! |------------|---------------------------------------------------|
//! | 0..12      | sync: `00 FF FF FF FF FF FF FF FF FF FF 00`        |
//! | 12..16     | header: BCD minute, second, frame of LBA+150; mode |
//! | 16..2064   | user data                                         |
//! | 2064..2068 | EDC over bytes 0..2064, little-endian             |
//! | 2068..2076 | zero                                              |
//! | 2076..2248 | P parity (86 columns × 2 bytes)                   |
//! | 2248..2352 | Q parity (52 diagonals × 2 bytes)                 |
//!
//! Mode 2 Form 1 (XA) puts an 8-byte subheader at 16..24, user data at
//! 24..2072 and the EDC (over 16..2072) at 2072..2076; its parity is
//! computed with the header taken as zero. Form 2 has 2324 user bytes at
//! 24..2348 and an optional EDC at 2348..2352.
//!
//! # Peer quirk: QEMU's ide-cd raw sectors
//!
//! QEMU's emulated ATAPI drive (hw/ide/atapi.c, `cd_data_to_raw`) also
//! turns a 2048-byte ISO sector into 2352 bytes for READ CD with flag byte
//! 0xF8, but not as ECMA-130 does:
//!
//! - sync (0..12) is the same;
//! - the header's minute/second/frame (12..15) are **binary**, not BCD
//!   (`lba_to_msf`: `(lba + 150) / 75 / 60`, `/ 75 % 60`, `% 75`), so they
//!   agree with ours only while every field is below 10 (LBA 0..=9 and a
//!   few others; LBA 16 is `00 02 10` there, `00 02 16` here); the mode
//!   byte (15) is 1 as here;
//! - user data (16..2064) is the same;
//! - the 288 bytes 2064..2352 (EDC, intermediate field, P and Q parity)
//!   are all **zero** (`/* XXX: ECC not computed */ memset(buf, 0, 288)`).
//!
//! READ CD there accepts only flag bytes 0x10 (user data) and 0xF8 (all of
//! the main channel) and ignores the expected-sector-type field. We always
//! produce the ECMA-130 bytes; a byte-for-byte comparison with QEMU must
//! expect exactly these differences.

/// Bytes of a raw sector.
pub const RAW_LEN: usize = 2352;
/// User bytes of a Mode 1 or Mode 2 Form 1 sector.
pub const USER_LEN: usize = 2048;
/// Bytes after the header of a Mode 2 sector.
pub const MODE2_LEN: usize = 2336;
/// User bytes of a Mode 2 Form 2 sector.
pub const FORM2_LEN: usize = 2324;

/// The sync pattern that starts every data sector.
pub const SYNC: [u8; 12] = [
    0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
];

/// Offset of the EDC of a Mode 1 sector.
pub const MODE1_EDC: usize = 2064;
/// Offset of the P parity.
pub const P_PARITY: usize = 2076;
/// Offset of the Q parity.
pub const Q_PARITY: usize = 2248;

/// Reflected EDC polynomial: (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1)
/// = x^32 + x^31 + x^16 + x^15 + x^4 + x^3 + x + 1 (ECMA-130 §14.3).
pub const EDC_POLY: u32 = 0xD801_8001;

const EDC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ EDC_POLY
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

/// GF(2^8) over x^8 + x^4 + x^3 + x^2 + 1: `FORWARD[a]` = a·α,
/// `BACKWARD[a ^ a·α]` = a, i.e. division by (1 + α).
const GF_TABLES: ([u8; 256], [u8; 256]) = {
    let mut forward = [0u8; 256];
    let mut backward = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let times_alpha = ((i << 1) ^ if i & 0x80 != 0 { 0x11D } else { 0 }) as u8;
        forward[i] = times_alpha;
        backward[i ^ times_alpha as usize] = i as u8;
        i += 1;
    }
    (forward, backward)
};

/// The EDC (CRC-32, polynomial [`EDC_POLY`], reflected, initial value 0,
/// no final inversion) of `bytes`.
pub fn edc(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |crc, &b| {
        (crc >> 8) ^ EDC_TABLE[((crc ^ u32::from(b)) & 0xFF) as usize]
    })
}

/// One RSPC code over the 2236/2064 bytes from byte 12: for each of
/// `majors` vectors (alternating LSB/MSB byte planes), walk `minors`
/// bytes stepping `step` (mod the area) and write the two check bytes
/// that make both syndromes zero.
fn rspc(
    sector: &mut [u8; RAW_LEN],
    majors: usize,
    minors: usize,
    mult: usize,
    step: usize,
    dest: usize,
) {
    let (forward, backward) = &GF_TABLES;
    let area = majors * minors;
    for major in 0..majors {
        let mut index = (major >> 1) * mult + (major & 1);
        let mut a = 0u8;
        let mut b = 0u8;
        for _ in 0..minors {
            let byte = sector[12 + index];
            index += step;
            if index >= area {
                index -= area;
            }
            a ^= byte;
            b ^= byte;
            a = forward[a as usize];
        }
        a = backward[(forward[a as usize] ^ b) as usize];
        sector[dest + major] = a;
        sector[dest + major + majors] = a ^ b;
    }
}

/// Writes the P parity (86 vectors of 24 bytes → 172 bytes at 2076)
/// and then the Q parity (52 vectors of 43 bytes → 104 bytes at 2248)
/// over bytes 12..2248 as they are.
pub fn write_ecc(sector: &mut [u8; RAW_LEN]) {
    rspc(sector, 86, 24, 2, 86, P_PARITY);
    rspc(sector, 52, 43, 86, 88, Q_PARITY);
}

/// A binary value 0..=99 in BCD.
pub const fn bcd(value: u8) -> u8 {
    ((value / 10) << 4) | (value % 10)
}

/// A BCD byte back to binary; `None` when a nibble is over 9.
pub const fn from_bcd(byte: u8) -> Option<u8> {
    let (hi, lo) = (byte >> 4, byte & 0x0F);
    if hi > 9 || lo > 9 {
        None
    } else {
        Some(hi * 10 + lo)
    }
}

/// The BCD minute, second and frame of an absolute frame count
/// (LBA + 150). Minutes past 99 wrap (a CD never gets there).
pub const fn bcd_msf(frames: u32) -> [u8; 3] {
    let m = (frames / 4500) % 100;
    let s = (frames / 75) % 60;
    let f = frames % 75;
    [bcd(m as u8), bcd(s as u8), bcd(f as u8)]
}

/// Writes sync and the 4-byte header (BCD MSF of `lba` + 150, `mode`).
pub fn write_header(sector: &mut [u8; RAW_LEN], lba: u32, mode: u8) {
    sector[..12].copy_from_slice(&SYNC);
    let [m, s, f] = bcd_msf(lba + 150);
    sector[12..16].copy_from_slice(&[m, s, f, mode]);
}

/// A complete Mode 1 sector at `lba` carrying `user`.
pub fn encode_mode1(lba: u32, user: &[u8; USER_LEN], out: &mut [u8; RAW_LEN]) {
    write_header(out, lba, 1);
    out[16..MODE1_EDC].copy_from_slice(user);
    let edc = edc(&out[..MODE1_EDC]);
    out[MODE1_EDC..MODE1_EDC + 4].copy_from_slice(&edc.to_le_bytes());
    out[MODE1_EDC + 4..P_PARITY].fill(0);
    write_ecc(out);
}

/// A complete Mode 2 Form 1 sector at `lba`: `subheader` (4 bytes,
/// written twice) and `user`, with EDC and parity (the header counts as
/// zero for the parity, ECMA-130 §14.5 / Annex A).
pub fn encode_mode2_form1(
    lba: u32,
    subheader: [u8; 4],
    user: &[u8; USER_LEN],
    out: &mut [u8; RAW_LEN],
) {
    out[16..20].copy_from_slice(&subheader);
    out[20..24].copy_from_slice(&subheader);
    out[24..2072].copy_from_slice(user);
    let edc = edc(&out[16..2072]);
    out[2072..2076].copy_from_slice(&edc.to_le_bytes());
    out[12..16].fill(0);
    write_ecc(out);
    write_header(out, lba, 2);
}

/// Sync and Mode 2 header at `lba` in front of 2336 stored bytes.
pub fn encode_mode2(lba: u32, body: &[u8; MODE2_LEN], out: &mut [u8; RAW_LEN]) {
    write_header(out, lba, 2);
    out[16..].copy_from_slice(body);
}

/// What a Mode 2 sector's subheader says it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode2Form {
    /// No valid XA subheader: 2336 bytes of user data.
    Formless,
    /// Form 1: 2048 user bytes with EDC/ECC.
    Form1,
    /// Form 2: 2324 user bytes.
    Form2,
}

/// Classifies a raw Mode 2 sector: an XA sector repeats its 4-byte
/// subheader; submode bit 5 selects Form 2; a Form 1 sector must also
/// carry a matching EDC. Anything else is formless.
pub fn mode2_form(sector: &[u8; RAW_LEN]) -> Mode2Form {
    if sector[16..20] != sector[20..24] {
        return Mode2Form::Formless;
    }
    if sector[18] & 0x20 != 0 {
        return Mode2Form::Form2;
    }
    let stored = u32::from_le_bytes([sector[2072], sector[2073], sector[2074], sector[2075]]);
    if edc(&sector[16..2072]) == stored {
        Mode2Form::Form1
    } else {
        Mode2Form::Formless
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcd_round_trips() {
        assert_eq!(bcd(59), 0x59);
        assert_eq!(from_bcd(0x74), Some(74));
        assert_eq!(from_bcd(0x7A), None);
    }

    #[test]
    fn bcd_msf_of_lba_zero_is_two_seconds() {
        assert_eq!(bcd_msf(150), [0x00, 0x02, 0x00]);
        assert_eq!(bcd_msf(4500 * 12 + 75 * 34 + 56), [0x12, 0x34, 0x56]);
    }

    #[test]
    fn edc_table_entry_one_is_the_polynomial_shifted() {
        // Entry 128 is the polynomial itself: one bit fed eight places in.
        assert_eq!(EDC_TABLE[128], EDC_POLY);
    }
}
