//! Raw sector synthesis (sync, header, EDC, ECC) checked against the
//! ECMA-130 definitions themselves.
//!
//! Oracle: this file re-derives everything from the standard's text
//! rather than from the encoder's tables: the EDC polynomial is multiplied
//! out from its two factors (ECMA-130 §14.3) and run bit by bit; the P and
//! Q parity are checked by evaluating the parity-check matrices HP and HQ
//! of Annex A (every vector's two syndromes must be zero) with GF(2^8)
//! multiplication done by shift-and-add over x^8 + x^4 + x^3 + x^2 + 1.
//! Two parity bytes per vector and two independent equations means zero
//! syndromes pin the parity down uniquely, so passing this check is
//! byte-for-byte equality with any correct encoder.

use cdfilter_host::disc::sector::{self, RAW_LEN, USER_LEN};
use cdfilter_host::disc::Disc;
use proptest::prelude::*;

/// GF(2) polynomial product.
fn clmul(a: u64, b: u64) -> u64 {
    (0..64)
        .filter(|i| b >> i & 1 == 1)
        .fold(0, |acc, i| acc ^ (a << i))
}

/// x^32 + ... from (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1), reflected
/// to the LSB-first form (bit 31 = x^0).
fn edc_poly_from_spec() -> u32 {
    let p = clmul(
        (1 << 16) | (1 << 15) | (1 << 2) | 1,
        (1 << 16) | (1 << 2) | (1 << 1) | 1,
    );
    assert_eq!(p >> 32, 1, "degree 32");
    (0..32)
        .filter(|i| p >> i & 1 == 1)
        .fold(0u32, |acc, i| acc | (1 << (31 - i)))
}

fn edc_bitwise(bytes: &[u8]) -> u32 {
    let poly = edc_poly_from_spec();
    let mut crc = 0u32;
    for &b in bytes {
        for bit in 0..8 {
            let feedback = (crc ^ u32::from(b >> bit)) & 1;
            crc >>= 1;
            if feedback == 1 {
                crc ^= poly;
            }
        }
    }
    crc
}

fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0u8;
    while b != 0 {
        if b & 1 == 1 {
            product ^= a;
        }
        let carry = a & 0x80 != 0;
        a <<= 1;
        if carry {
            a ^= 0x1D;
        }
        b >>= 1;
    }
    product
}

fn alpha_pow(n: usize) -> u8 {
    (0..n).fold(1u8, |acc, _| gf_mul(acc, 2))
}

/// Both syndromes of one vector: Σ v_i and Σ α^(len-1-i) v_i.
fn syndromes(vector: &[u8]) -> (u8, u8) {
    let n = vector.len();
    vector.iter().enumerate().fold((0, 0), |(s0, s1), (i, &v)| {
        (s0 ^ v, s1 ^ gf_mul(alpha_pow(n - 1 - i), v))
    })
}

/// Byte `b` (0 = LSB plane, 1 = MSB plane) of word S(n), which is bytes
/// 12 + 2n and 12 + 2n + 1 of the sector.
fn word_byte(sector: &[u8; RAW_LEN], n: usize, b: usize) -> u8 {
    sector[12 + 2 * n + b]
}

/// Every P vector (43 columns × 2 planes, 26 words each) and Q vector
/// (26 diagonals × 2 planes, 45 words each) of Annex A.
fn rspc_vectors(sector: &[u8; RAW_LEN]) -> Vec<Vec<u8>> {
    let mut vectors = Vec::new();
    for b in 0..2 {
        for np in 0..43 {
            vectors.push(
                (0..26)
                    .map(|mp| word_byte(sector, 43 * mp + np, b))
                    .collect(),
            );
        }
        for nq in 0..26 {
            let mut v: Vec<u8> = (0..43)
                .map(|mq| word_byte(sector, (44 * mq + 43 * nq) % 1118, b))
                .collect();
            v.push(word_byte(sector, 43 * 26 + nq, b));
            v.push(word_byte(sector, 44 * 26 + nq, b));
            vectors.push(v);
        }
    }
    vectors
}

#[track_caller]
fn assert_ecma130_mode1(sector: &[u8; RAW_LEN]) {
    assert_eq!(sector[..12], sector::SYNC);
    assert_eq!(sector[15], 1, "mode byte");
    let stored = u32::from_le_bytes(sector[2064..2068].try_into().unwrap());
    assert_eq!(stored, edc_bitwise(&sector[..2064]), "EDC");
    assert_eq!(sector[2068..2076], [0; 8], "intermediate field");
    for (i, v) in rspc_vectors(sector).iter().enumerate() {
        assert_eq!(syndromes(v), (0, 0), "RSPC vector {i}");
    }
}

fn mode1(lba: u32, user: &[u8; USER_LEN]) -> [u8; RAW_LEN] {
    let mut out = [0xA5u8; RAW_LEN];
    sector::encode_mode1(lba, user, &mut out);
    out
}

#[test]
fn edc_polynomial_is_the_product_of_the_spec_factors() {
    assert_eq!(edc_poly_from_spec(), sector::EDC_POLY);
}

#[test]
fn edc_matches_the_bitwise_definition() {
    let bytes: Vec<u8> = (0..2064u32).map(|i| (i * 7 + 3) as u8).collect();

    assert_eq!(sector::edc(&bytes), edc_bitwise(&bytes));
}

#[test]
fn zero_sector_at_lba_0_satisfies_ecma130() {
    let s = mode1(0, &[0; USER_LEN]);

    assert_ecma130_mode1(&s);
}

#[test]
fn header_of_lba_16_is_bcd_00_02_16_mode_1() {
    let s = mode1(16, &[0; USER_LEN]);

    assert_eq!(
        s[..16],
        [
            0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x02,
            0x16, 0x01
        ]
    );
}

#[test]
fn header_of_a_late_lba_is_bcd() {
    // LBA 333_000 + 150 frames = 74:02:00.
    let s = mode1(333_000, &[0; USER_LEN]);

    assert_eq!(s[12..16], [0x74, 0x02, 0x00, 0x01]);
}

#[test]
fn fixture_lba_16_zero_data_is_reproduced_byte_for_byte() {
    let fixture: &[u8; RAW_LEN] = include_bytes!("fixtures/mode1_lba16_zero.bin");

    let s = mode1(16, &[0; USER_LEN]);

    assert_ecma130_mode1(fixture);
    assert_eq!(s[..], fixture[..]);
}

#[test]
fn fixture_lba_16_zero_data_edc_and_first_parity_bytes() {
    let fixture: &[u8; RAW_LEN] = include_bytes!("fixtures/mode1_lba16_zero.bin");

    assert_eq!(fixture[2064..2068], EDC_LBA16_ZERO);
    assert_eq!(fixture[2076..2080], P_LBA16_ZERO);
    assert_eq!(fixture[2248..2252], Q_LBA16_ZERO);
}

const EDC_LBA16_ZERO: [u8; 4] = [0xBC, 0x17, 0x00, 0x5F];
const P_LBA16_ZERO: [u8; 4] = [0x00, 0xF7, 0xEF, 0xF5];
const Q_LBA16_ZERO: [u8; 4] = [0x00, 0x41, 0x00, 0x00];

#[test]
fn mode2_form1_satisfies_edc_and_parity_with_header_zeroed() {
    let user: [u8; USER_LEN] = std::array::from_fn(|i| (i % 251) as u8);
    let mut s = [0u8; RAW_LEN];

    sector::encode_mode2_form1(1234, [0, 0, 0x08, 0], &user, &mut s);

    assert_eq!(s[12..16], [0x00, 0x18, 0x34, 0x02]);
    assert_eq!(
        u32::from_le_bytes(s[2072..2076].try_into().unwrap()),
        edc_bitwise(&s[16..2072])
    );
    let mut zeroed = s;
    zeroed[12..16].fill(0);
    assert!(rspc_vectors(&zeroed).iter().all(|v| syndromes(v) == (0, 0)));
    assert_eq!(sector::mode2_form(&s), sector::Mode2Form::Form1);
}

#[test]
fn iso_image_sectors_are_mode1_with_the_image_bytes() {
    let mut iso = vec![0u8; 4 * 2048];
    iso[3 * 2048..].fill(0x5A);
    let disc = Disc::from_iso_bytes(iso).unwrap();
    let mut raw = [0u8; RAW_LEN];

    disc.read_main(3, &mut raw).unwrap();

    assert_ecma130_mode1(&raw);
    assert_eq!(raw[12..15], [0x00, 0x02, 0x03]);
    assert!(raw[16..2064].iter().all(|&b| b == 0x5A));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn any_mode1_sector_satisfies_ecma130(lba in 0u32..450_000, seed in any::<u64>()) {
        let mut x = seed | 1;
        let user: [u8; USER_LEN] = std::array::from_fn(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        });

        let s = mode1(lba, &user);

        assert_ecma130_mode1(&s);
        prop_assert_eq!(&s[16..2064], &user[..]);
    }
}

#[test]
fn oracle_rejects_a_sector_with_one_parity_byte_changed() {
    let mut s = mode1(16, &[0; USER_LEN]);

    s[2300] ^= 0x01;

    assert!(rspc_vectors(&s).iter().any(|v| syndromes(v) != (0, 0)));
}
