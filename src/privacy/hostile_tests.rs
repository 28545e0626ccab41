//! What a hostile tester got through the masker (or got masked that should not be), one case per
//! finding: every Unicode space, dash, dot and slash, invisible characters inside a number, the
//! digits of every script and the styled ones, dotted acronyms, keywords on the line before their
//! number, numbers read out in groups, and cards typed into `--number` as a phone number with an
//! extension. Each one failed before the fix beside it.

use super::*;

/// Input → expected output; the expected output is fed back in to check idempotence.
const CASES: &[(&str, &str)] = &[
    // Every Unicode space joins groups as a space does.
    ("3782\u{2009}822463\u{2009}10005", "[card number removed]"),
    ("4111\u{200a}1111\u{200a}1111\u{200a}1111", "[card number removed]"),
    ("4111\u{2002}1111\u{2003}1111\u{2004}1111", "[card number removed]"),
    ("4111\u{2005}1111\u{2006}1111\u{2008}1111", "[card number removed]"),
    ("4111\u{205f}1111\u{1680}1111\u{2001}1111", "[card number removed]"),
    ("3782\u{2009}\u{2013}\u{2009}822463\u{2009}\u{2013}\u{2009}10005", "[card number removed]"),
    // Line and paragraph separators, NEL, vertical tab and form feed break a line.
    ("3782\u{2028}822463\u{2029}10005", "[card number removed]"),
    ("3782\u{85}822463\u{85}10005", "[card number removed]"),
    ("4111\u{b}1111\u{c}1111\u{b}1111", "[card number removed]"),
    // Every dash, dot and slash is one mark.
    ("3782\u{2014}822463\u{2014}10005", "[card number removed]"),
    ("3782\u{2212}822463\u{2212}10005", "[card number removed]"),
    ("3782\u{2015}822463\u{fe63}10005", "[card number removed]"),
    ("4111\u{b7}1111\u{b7}1111\u{b7}1111", "[card number removed]"),
    ("4111\u{2022}1111\u{2022}1111\u{2022}1111", "[card number removed]"),
    ("4111\u{30fb}1111\u{30fb}1111\u{30fb}1111", "[card number removed]"),
    ("4111\u{2044}1111\u{2215}1111\u{2044}1111", "[card number removed]"),
    ("078\u{2014}05\u{2014}1120", "[SSN removed]"),
    ("078\u{b7}05\u{b7}1120", "[SSN removed]"),
    ("078\u{2009}05\u{2009}1120", "[SSN removed]"),
    // Controls inside a number hide nothing either (a second hostile pass).
    ("card 3782\u{0}822463\u{0}10005", "card [card number removed]"),
    ("3782\u{1b}822463\u{1b}10005", "[card number removed]"),
    ("3782\u{7f}822463\u{7f}10005", "[card number removed]"),
    ("4111\u{9b}1111\u{90}1111\u{7}1111", "[card number removed]"),
    // A doubled or tripled mark is still one mark.
    ("3782--822463--10005", "[card number removed]"),
    ("3782 -- 822463 -- 10005", "[card number removed]"),
    ("3782..822463..10005", "[card number removed]"),
    ("4111---1111---1111---1111", "[card number removed]"),
    ("ssn 123--45--6789", "ssn [SSN removed]"),
    // Codes and PINs read out with dashes or dots, and other names for them.
    ("cvv 1-2-3", "cvv [code removed]"),
    ("cvv 1.2.3", "cvv [code removed]"),
    ("cvv 12-3", "cvv [code removed]"),
    ("pin 12-34", "pin [PIN removed]"),
    ("C V V 123", "C V V [code removed]"),
    ("ccv 123", "ccv [code removed]"),
    ("CVN 123", "CVN [code removed]"),
    ("verification code 123", "verification code [code removed]"),
    ("c-i-d 4321", "c-i-d [code removed]"),
    ("my ss number 123456789", "my ss number [SSN removed]"),
    ("s s n 123456789", "s s n [SSN removed]"),
    // Still kept: a date or a phone number beside a code's keyword.
    ("cvv changed 2026-11-03", "cvv changed 2026-11-03"),
    ("pin reset, call 1-800-528-4800", "pin reset, call 1-800-528-4800"),
    // A card's own groups joined by other punctuation, with an issuer's prefix (a third pass).
    ("3782;822463;10005", "[card number removed]"),
    ("3782:822463:10005", "[card number removed]"),
    ("[3782][822463][10005]", "[[card number removed]]"),
    ("3782 | 822463 | 10005", "[card number removed]"),
    ("\u{201c}3782\u{201d} \u{201c}822463\u{201d} \u{201c}10005\u{201d}", "\u{201c}[card number removed]\u{201d}"),
    ("4,111,111,111,111,111", "[card number removed]"),
    ("5555, 5555, 5555, 4444", "[card number removed]"),
    ("3056,930902,5904", "[card number removed]"),
    // Kept: lists of four numbers without an issuer's prefix, years, times, amounts.
    ("items 1234, 5678, 9012, 3456", "items 1234, 5678, 9012, 3456"),
    ("years 2023, 2024, 2025, 2026", "years 2023, 2024, 2025, 2026"),
    ("rooms 4111, 1112, 1113", "rooms 4111, 1112, 1113"),
    // Digits read out as words, "double" and "oh" included, or typed with look-alike letters.
    (
        "three seven eight two, eight two two four six three, one zero zero zero five",
        "[card number removed]",
    ),
    ("four one one one one one one one one one one one one one one one", "[card number removed]"),
    ("3782 822463 1 triple oh 5", "[card number removed]"),
    ("card 3782 822463 1OOO5 thanks", "card [card number removed] thanks"),
    ("4lll 1111 llll 1111 x", "4lll 1111 llll 1111 x"),
    ("4111 1ll1 1111 1111", "[card number removed]"),
    ("cvv one two three", "cvv [code removed]"),
    ("ssn is zero seven eight zero five one one two zero", "ssn is [SSN removed]"),
    // Kept: number words in prose, and letters that are only letters.
    ("one more thing: call at nine", "one more thing: call at nine"),
    ("I called two times, then one", "I called two times, then one"),
    ("pin one of two cards", "pin one of two cards"),
    ("lol Oil IOU 1O", "lol Oil IOU 1O"),
    // Invisible characters inside a number are not there at all.
    ("3782\u{200b}822463\u{200b}10005", "[card number removed]"),
    ("4111\u{200c}1111\u{200d}1111\u{2060}1111", "[card number removed]"),
    ("4111\u{feff}1111\u{ad}1111\u{180e}1111", "[card number removed]"),
    ("4\u{200b}1\u{200b}1\u{200b}1\u{ad}1111111111\u{200e}11", "[card number removed]"),
    ("3782\u{200b} 822463 \u{200b}10005 ok", "[card number removed] ok"),
    ("CID 1\u{200b}234", "CID [code removed]"),
    ("pin 2\u{ad}580", "pin [PIN removed]"),
    ("C\u{200b}VV 852", "C\u{200b}VV [code removed]"),
    // Marks drawn on a digit, and blanks that are not spaces.
    ("4\u{301}111 1111 1111 1111", "[card number removed]"),
    (
        "4\u{fe0f}\u{20e3}1\u{fe0f}\u{20e3}1\u{fe0f}\u{20e3}1\u{fe0f}\u{20e3}111111111111",
        "[card number removed]",
    ),
    ("4111\u{34f}1111\u{e0020}1111\u{fe0e}1111", "[card number removed]"),
    ("4111\u{2800}1111\u{3164}1111\u{ffa0}1111", "[card number removed]"),
    // The decimal digits of every script, and digits that are only styled.
    ("৩৭৮২৮২২৪৬৩১০০০৫", "[card number removed]"),
    ("๔๑๑๑ ๑๑๑๑ ๑๑๑๑ ๑๑๑๑", "[card number removed]"),
    ("၄၁၁၁၁၁၁၁၁၁၁၁၁၁၁၁", "[card number removed]"),
    ("\u{1d7d1}\u{1d7d5}\u{1d7d6}\u{1d7d0}\u{1d7d6}\u{1d7d0}\u{1d7d0}\u{1d7d2}\u{1d7d4}\u{1d7d1}\u{1d7cf}\u{1d7ce}\u{1d7ce}\u{1d7ce}\u{1d7d3}", "[card number removed]"),
    ("4111 \u{1d7f7}\u{1d7f7}\u{1d7f7}\u{1d7f7} 1111 1111", "[card number removed]"),
    ("\u{1fbf4}\u{1fbf1}\u{1fbf1}\u{1fbf1}111111111111", "[card number removed]"),
    ("³⁷⁸²⁸²²⁴⁶³¹⁰⁰⁰⁵", "[card number removed]"),
    ("₄₁₁₁₁₁₁₁₁₁₁₁₁₁₁₁", "[card number removed]"),
    ("④①①①①①①①①①①①①①①①", "[card number removed]"),
    ("37８２ ８22463 10005", "[card number removed]"),
    ("ssn \u{1d7ce}\u{1d7d5}\u{1d7d6}\u{1d7ce}\u{1d7d3}\u{1d7cf}\u{1d7cf}\u{1d7d0}\u{1d7ce}", "ssn [SSN removed]"),
    ("cvv ²⁵⁸", "cvv [code removed]"),
    ("pin: ²⁵⁸⁰", "pin: [PIN removed]"),
    // Full-width letters are letters.
    ("ＣＶＶ 852", "ＣＶＶ [code removed]"),
    // Keywords written as dotted acronyms.
    ("S.S.N. 078051120", "S.S.N. [SSN removed]"),
    ("C.V.V. 123", "C.V.V. [code removed]"),
    ("c.v.v 123", "c.v.v [code removed]"),
    ("P.I.N. 2580", "P.I.N. [PIN removed]"),
    ("e.g. 1234", "e.g. 1234"),
    ("U.S. 2580", "U.S. 2580"),
    // "SS#", "ss".
    ("SS# 078051120", "SS# [SSN removed]"),
    ("ss#078051120", "ss#[SSN removed]"),
    ("order SS-123456789", "order SS-123456789"),
    ("class 123456789", "class 123456789"),
    // The number alone on the line after its keyword.
    ("cvv\n852", "cvv\n[code removed]"),
    ("CVV:\n852", "CVV:\n[code removed]"),
    ("pin\n2580\nnext line", "pin\n[PIN removed]\nnext line"),
    (
        "social security number\n078051120",
        "social security number\n[SSN removed]",
    ),
    ("cvv\n852 dollars refunded", "cvv\n852 dollars refunded"),
    // A number read out in groups of digits.
    ("ssn is 078 051 120", "ssn is [SSN removed]"),
    ("ssn 07805 1120", "ssn [SSN removed]"),
    ("ssn 0 7 8 0 5 1 1 2 0", "ssn [SSN removed]"),
    ("CVV 8 5 2", "CVV [code removed]"),
    ("pin is 2 5 8 0", "pin is [PIN removed]"),
    ("pin 25 80", "pin [PIN removed]"),
    ("pin line 800 528 4800", "pin line 800 528 4800"),
    ("zip 10001-1234 ssn", "zip 10001-1234 ssn"),
    ("ssn 078-051120", "ssn [SSN removed]"),
    ("my ssn is 0780-51120", "my ssn is [SSN removed]"),
    ("social security 078-05-11-20", "social security [SSN removed]"),
    ("ssn 078-051-120", "ssn [SSN removed]"),
    // Dashes and spaces are not mixed: a date or phone number beside a number is no SSN.
    (
        "ssn card arrived 2024-03-15 2 days late",
        "ssn card arrived 2024-03-15 2 days late",
    ),
    ("ssn office 555-1234 24 hours", "ssn office 555-1234 24 hours"),
    ("ssn 12-31-1999 1", "ssn 12-31-1999 1"),
    ("ssn zip 10001-1234 5", "ssn zip 10001-1234 5"),
    // More ways of naming a security code.
    (
        "4 digit code on the front is 1234",
        "4 digit code on the front is [code removed]",
    ),
    (
        "the code on the front is 1234",
        "the code on the front is [code removed]",
    ),
    (
        "the four digit code on the front is 1234",
        "the four digit code on the front is [code removed]",
    ),
    ("code on front: 1234", "code on front: [code removed]"),
    ("front code 1234", "front code [code removed]"),
    ("back code 852", "back code [code removed]"),
    (
        "card verification value 123",
        "card verification value [code removed]",
    ),
    // Filler words do not count towards the gap between a keyword and its number.
    (
        "the code on the back of the card is 852",
        "the code on the back of the card is [code removed]",
    ),
    (
        "the pin for the card is 2580",
        "the pin for the card is [PIN removed]",
    ),
    (
        "the front code of the building changed, the rep said 1234",
        "the front code of the building changed, the rep said 1234",
    ),
    (
        "cid was checked by the rep at 1015",
        "cid was checked by the rep at 1015",
    ),
    (
        "PIN was changed on the card at 1015",
        "PIN was changed on the card at 1015",
    ),
    (
        "ssn on file for the card is verified, ref 123456789",
        "ssn on file for the card is verified, ref 123456789",
    ),
    ("sec. code 123", "sec. code [code removed]"),
    // Other separators join groups when they touch both.
    ("card=4111+1111+1111+1111&exp=1126", "card=[card number removed]&exp=1126"),
    ("4111|1111|1111|1111", "[card number removed]"),
    ("4111\\1111\\1111\\1111", "[card number removed]"),
    ("4111*1111*1111*1111", "[card number removed]"),
    ("4111~1111~1111~1111", "[card number removed]"),
    ("4111=1111=1111=1111", "[card number removed]"),
    ("4111'1111'1111'1111", "[card number removed]"),
    ("3782+822463 10005", "[card number removed]"),
    // With a blank beside them they set numbers apart.
    (
        "+44 20 7946 0958 +33 1 42 68 53 00",
        "+44 20 7946 0958 +33 1 42 68 53 00",
    ),
    (
        "+1 800 528 4800 +1 800 327 2177",
        "+1 800 528 4800 +1 800 327 2177",
    ),
    ("tried 9:05 9:40 10:15 11:30", "tried 9:05 9:40 10:15 11:30"),
    ("2026-11-03T10:30:45+01:00", "2026-11-03T10:30:45+01:00"),
    ("1450+2317+1234", "1450+2317+1234"),
    // A card written in phone-shaped groups with the rest after it, in any field.
    ("card 378-282-2463 10005", "card [card number removed]"),
    ("call 378-282-2463 10005 now", "call [card number removed] now"),
    ("1-378-282-2463 10005", "1-[card number removed]"),
    ("555-555-5555 554444", "[card number removed]"),
    // A real phone number next to another number stays as typed.
    ("1-800-528-4800 10005", "1-800-528-4800 10005"),
    ("212-555-0100 12345", "212-555-0100 12345"),
    // Number words joined by any space, dash or punctuation, hidden by invisible characters,
    // accents or full-width letters (a third hostile pass).
    ("three\u{a0}seven\u{a0}eight\u{a0}two\u{a0}eight\u{a0}two\u{a0}two\u{a0}four\u{a0}six\u{a0}three\u{a0}one\u{a0}zero\u{a0}zero\u{a0}zero\u{a0}five", "[card number removed]"),
    ("three\u{2014}seven\u{2014}eight\u{2014}two\u{2014}eight\u{2014}two\u{2014}two\u{2014}four\u{2014}six\u{2014}three\u{2014}one\u{2014}zero\u{2014}zero\u{2014}zero\u{2014}five", "[card number removed]"),
    ("three; seven; eight; two; eight; two; two; four; six; three; one; zero; zero; zero; five", "[card number removed]"),
    ("three_seven_eight_two_eight_two_two_four_six_three_one_zero_zero_zero_five", "[card number removed]"),
    ("three/seven/eight/two/eight/two/two/four/six/three/one/zero/zero/zero/five", "[card number removed]"),
    ("three    seven    eight    two    eight    two    two    four    six    three    one    zero    zero    zero    five", "[card number removed]"),
    ("th\u{200b}ree seven eight two eight two two four six three one zero zero zero fi\u{ad}ve", "[card number removed]"),
    ("thre\u{301}e seven eight two eight two two four six three one zero zero zero five", "[card number removed]"),
    ("ｔｈｒｅｅ ｓｅｖｅｎ ｅｉｇｈｔ ｔｗｏ ｅｉｇｈｔ ｔｗｏ ｔｗｏ ｆｏｕｒ ｓｉｘ ｔｈｒｅｅ ｏｎｅ ｚｅｒｏ ｚｅｒｏ ｚｅｒｏ ｆｉｖｅ", "[card number removed]"),
    ("\"three\" \"seven\" \"eight\" \"two\" \"eight\" \"two\" \"two\" \"four\" \"six\" \"three\" \"one\" \"zero\" \"zero\" \"zero\" \"five\"", "\"[card number removed]\""),
    ("card: (three seven eight two) (eight two two four six three) (one zero zero zero five)", "card: ([card number removed])"),
    ("card: three seven eight two: eight two two four six three: one zero zero zero five", "card: [card number removed]"),
    // Look-alike letters at either end of a group, and Greek, Cyrillic and full-width O.
    ("3782 822463 l0005", "[card number removed]"),
    ("3782 822463 1007O", "[card number removed]"),
    ("3714 496353 9843l", "[card number removed]"),
    ("4lll 1111 1111 1111", "[card number removed]"),
    ("3782 822463 1\u{39f}\u{39f}\u{39f}5", "[card number removed]"),
    ("3782 822463 1\u{41e}\u{41e}\u{41e}5", "[card number removed]"),
    ("3782 822463 1\u{ff2f}\u{ff2f}\u{ff2f}5", "[card number removed]"),
    ("3782 822463 \u{661}OOO5", "[card number removed]"),
    ("O78-05-1120", "[SSN removed]"),
    // Codes and PINs in fewer than three words, with look-alikes, or with "naught".
    ("cvv triple seven", "cvv [code removed]"),
    ("cvv 12 three", "cvv [code removed]"),
    ("cvv lO3", "cvv [code removed]"),
    ("pin 2O8O", "pin [PIN removed]"),
    ("pin two five naught naught", "pin [PIN removed]"),
    // An SSN keyword's nine digits joined by dots or commas.
    ("ssn 078.051.120", "ssn [SSN removed]"),
    ("ssn 078,05,1120", "ssn [SSN removed]"),
    // A fourth hostile pass: look-alikes glued to a keyword or to letters, a card after a code
    // keyword, repeats before digits, a trailing-off keyword, accents, more names for the codes.
    ("pin2O8O", "pin[PIN removed]"),
    ("cvv12O", "cvv[code removed]"),
    ("card37828224631OOO5x", "card[card number removed]x"),
    ("cvv 3782 822463 1OOO5", "cvv [card number removed]"),
    ("cvv triple 7", "cvv [code removed]"),
    ("pin double 2 double 5", "pin [PIN removed]"),
    ("CVV... 852", "CVV... [code removed]"),
    ("pin... 2580", "pin... [PIN removed]"),
    ("cvv thr\u{e9}e f\u{f6}ur f\u{ec}ve", "cvv [code removed]"),
    ("378282246310\u{d8}\u{d8}5", "[card number removed]"),
    ("3782822463\u{2160}OOO5", "[card number removed]"),
    ("CV2 123", "CV2 [code removed]"),
    ("cv2: 852", "cv2: [code removed]"),
    ("the 3 digits on the back are 852", "the 3 digits on the back are [code removed]"),
    ("P I N 2580", "P I N [PIN removed]"),
    ("p-i-n 2580", "p-i-n [PIN removed]"),
];

#[test]
fn hostile_cases() {
    for (input, expected) in CASES {
        let (out, found) = mask(input);
        assert_eq!(&out, expected, "case {input:?}");
        assert_eq!(
            found.is_empty(),
            input == expected,
            "case {input:?}: {found:?}"
        );
        let (again, more) = mask(expected);
        assert_eq!(&again, expected, "second pass changed case {input:?}");
        assert!(
            more.is_empty(),
            "second pass found {more:?} in case {input:?}"
        );
    }
}

/// Every run of ten digits in the table folds to 0 to 9, and no character next to a run does.
#[test]
fn every_digit_script_folds_to_ascii() {
    for zero in DIGIT_ZEROS_FOR_TESTS {
        let text: String = (0..10)
            .map(|d| char::from_u32(zero + d).expect("a digit"))
            .collect();
        assert_eq!(fold::fold(&text).0, "0123456789", "run at {zero:#x}");
    }
    let styled = "⁰¹²³⁴⁵⁶⁷⁸⁹ ₀₁₂₃₄₅₆₇₈₉ ⓪①②③④⑤⑥⑦⑧⑨ ⓿❶❷❸❹❺❻❼❽❾ \u{1f10b}➀➁➂➃➄➅➆➇➈ \u{1f10c}➊➋➌➍➎➏➐➑➒ ⓵⓶⓷⓸⓹⓺⓻⓼⓽";
    assert_eq!(
        fold::fold(styled).0,
        "0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 123456789"
    );
    // Neighbours that are not digits: the superscript letters, ten, roman numerals, a fraction.
    let (folded, _) = fold::fold("ⁱ⁺⑩Ⅻ½");
    assert_eq!(folded, "ⁱ⁺⑩Ⅻ½");
}

const DIGIT_ZEROS_FOR_TESTS: [u32; 8] = [
    0x9e6, 0xe50, 0x1040, 0xff10, 0x1d7ce, 0x1d7f6, 0x11f50, 0x1fbf0,
];

#[test]
fn invisible_characters_go_with_the_next_byte() {
    let (folded, offsets) = fold::fold("1\u{200b}2\u{ad}");
    assert_eq!(folded, "12");
    assert_eq!(offsets, [0, 4, 7]);
}

#[test]
fn a_card_dressed_as_a_phone_number_in_number_is_masked() {
    let cards = [
        "378-282-2463 x10005",
        "378-282-2463-10005",
        "(378) 282-2463 ext 10005",
        "+1 378 282 2463 #10005",
        "1-378-282-2463-10005",
        "378.282.2463,10005",
    ];
    for input in cards {
        let mut masker = Masker::new();
        let out = masker.clean_number("number", input);
        assert!(phone::is_phone_number(input), "{input:?}");
        assert_eq!(out.as_str(), "[card number removed]", "{input:?}");
        assert_eq!(
            masker.reports(),
            [MaskReport {
                field: "number",
                kind: Finding::CardNumber,
                count: 1,
                why: Rule::Card.pattern().why,
            }],
            "{input:?}"
        );
    }
    // Toll-free numbers with an extension are kept, even when their digits pass Luhn.
    for phone in [
        "1-800-528-4800-1007",
        "+1 800 528 4800 ext 1007",
        "800-528-4800 x1007",
    ] {
        let mut masker = Masker::new();
        assert_eq!(masker.clean_number("number", phone).as_str(), phone);
        assert!(masker.reports().is_empty(), "{phone:?}");
    }
}

/// What must never be masked, next to the new rules: phone numbers, dates, amounts, ZIP codes and
/// order numbers.
#[test]
fn ordinary_numbers_are_still_kept() {
    let kept = [
        "+1 800 528 4800 ext 1007",
        "1 (800) 528-4800 x1007",
        "+44 20 7946 0958",
        "800 528 4800 / 800 327 2177",
        "(212) 555-0100 ext. 4411",
        "2026-11-03T10:30:00Z",
        "11/3/2026 11/4/2026 11/5/2026",
        "called 2026-11-03, 2026-11-04 and 2026-11-05 at 10:30 11:45",
        "$1,450.00 + $23.17 = $1,473.17",
        "1 234 567,89 EUR",
        "order 112-1234567-1234567",
        "UPS 1Z999AA10123456784",
        "ticket #INC0012345",
        "zip 10001-1234",
        "Beverly Hills CA 90210-1234",
        "spinning 2580",
        "the card id is on the back, called 1-800-528-4800",
        "pin reset 2026-11-03",
        "cid check 11/2026",
        "the 6 digit code 123456",
        "CID verified.\n1015 call back",
        // Next to a number word, dates, phones, amounts and ZIP codes keep their joiners.
        "Called 2026-04-03, 2026-09-14, 2026-01-27, three times",
        "tried 800-528-4800, 800-327-2177, 800-297-3276 two or three times",
        "charged $1,450.00, $23.17, $4,111.11 one two three",
        "zips 10001-1234, 90210-1234, 60601-4111 one, two",
        "seven calls: 11/03/2026, 11/04/2026, 11/05/2026, 11/06/2026",
        "refs 1234.5678, 8765.4321 one two three",
        "I called at 10:15 and spoke to Ian, ref 00123",
        "O2 bill 1234 5678, Oil 12",
        "called 3 times, once at 10:15",
        "ref D-0-O-22393284397",
        // A count word after a reference or a phone number is not the end of a card read out.
        "ref 4411 2233 5566 five stars",
        "tracking 8827 3391 0045 three boxes",
        "case 2026 1103 4471 three calls",
        "ref 552019437781 oh well",
        "called +44 20 7946 0958 two times",
        "called +44 1273 696 933 one more time",
        // A number with its own label beside a keyword is what the label says.
        "Rep ID 4412, CVV verified",
        "agent 4412 asked for my CVV",
        "rep 4412 asked for the pin",
        "ref 88213, pin reset",
        "case 4471: cid verified",
        "called at 1015 about the security code",
        "PIN reset, ref 4821",
        "new PIN mailed, ref 558812",
        "CVV mismatch on txn 1234",
        "cid mismatch, order 9981",
        "ssn verified, case 123456789",
        "order IO12345678901",
        "ref 543998999039Om",
        "called O2 on 07700 900 123",
    ];
    for text in kept {
        assert_eq!(mask(text), (text.to_owned(), Vec::new()), "{text:?}");
    }
}
