package client

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// goldenLoginKey is the key api/golden/README.md documents for the encrypted fields of the
// login-me golden responses: bytes 0..31, AAD "TOSS".
var goldenLoginKey = func() []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = byte(i)
	}
	return k
}()

const goldenLoginAAD = "TOSS"

// sealForTest is an encryption written independently of DecryptLoginField: it builds the wire
// form the docs describe (Base64(IV ‖ ciphertext ‖ tag)) by hand from a fresh random IV.
func sealForTest(t *testing.T, key []byte, aad, plaintext string) string {
	t.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	iv := make([]byte, 12)
	if _, err := rand.Read(iv); err != nil {
		t.Fatal(err)
	}
	ctAndTag := gcm.Seal(nil, iv, []byte(plaintext), []byte(aad))
	wire := append(append([]byte{}, iv...), ctAndTag...)
	return base64.StdEncoding.EncodeToString(wire)
}

func TestDecryptLoginFieldOpensTheDocumentedWireFormat(t *testing.T) {
	t.Parallel()
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	for _, plain := range []string{"홍길동", "01012345678", "19900101", "MALE", "gildong@example.com", "x", strings.Repeat("긴", 300)} {
		aad := "앱인토스 AAD — UTF-8"
		got, err := DecryptLoginField(key, aad, sealForTest(t, key, aad, plain))
		if err != nil {
			t.Fatalf("%q: %v", plain, err)
		}
		if got != plain {
			t.Errorf("got %q, want %q", got, plain)
		}
	}
}

// TestDecryptLoginFieldMatchesVectorsFromAnotherImplementation uses ciphertexts made outside Go,
// with Python's cryptography package (OpenSSL):
//
//	AESGCM(bytes(range(0x40, 0x60))).encrypt(iv, plaintext.encode(), "앱인토스-AAD".encode())
//
// with iv = bytes(range(seed, seed+12)), and the wire form base64(iv + ciphertext_and_tag).
func TestDecryptLoginFieldMatchesVectorsFromAnotherImplementation(t *testing.T) {
	t.Parallel()
	key, _ := base64.StdEncoding.DecodeString("QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=")
	const aad = "앱인토스-AAD"
	for plain, wire := range map[string]string{
		"김토스":                   "oKGio6SlpqeoqaqrPTaG0mRLcKfd+yRr6srOtpQ4ot6gahZc9Q==",
		"01099998888":           "sLGys7S1tre4ubq7MzGwvPhz0qED1h/nY0zgQYLvAKsPwGg0BU2B",
		"toss.user@example.com": "wMHCw8TFxsfIycrLKytDvVTvTo4G+UFOys7SofrbPT6zO49TuY2kdbD1WF2SysSGxw==",
	} {
		got, err := DecryptLoginField(key, aad, wire)
		if err != nil {
			t.Fatalf("%q: %v", plain, err)
		}
		if got != plain {
			t.Errorf("got %q, want %q", got, plain)
		}
	}
}

// TestDecryptLoginFieldKnownAnswer is test case 16 of the GCM specification (McGrew & Viega):
// AES-256, 96-bit IV, 20 bytes of AAD, ciphertext followed by the 128-bit tag.
func TestDecryptLoginFieldKnownAnswer(t *testing.T) {
	t.Parallel()
	mustHex := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	key := mustHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
	iv := mustHex("cafebabefacedbaddecaf888")
	aad := string(mustHex("feedfacedeadbeeffeedfacedeadbeefabaddad2"))
	plain := mustHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
	ct := mustHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662")
	tag := mustHex("76fc6ece0f4e1768cddf8853bb2d551b")
	wire := base64.StdEncoding.EncodeToString(append(append(iv, ct...), tag...))
	got, err := DecryptLoginField(key, aad, wire)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(got), plain) {
		t.Errorf("plaintext mismatch:\n got %x\nwant %x", got, plain)
	}
}

func TestDecryptLoginFieldReadsTheGoldenLoginMeCiphertexts(t *testing.T) {
	t.Parallel()
	for wire, plain := range map[string]string{
		"oKGio6SlpqeoqaqrC4Hxx/1z6TD7S1pxD5mlaDHxXmub9d2b1A==":             "홍길동",
		"0NHS09TV1tfY2drbYeaqK9FO7FX4f68AjfQbH3YWDV0=":                     "MALE",
		"uLm6u7y9vr/AwcLDswcsf9oQK199p+597eOSotbFVM8K7SJ/":                 "19900101",
		"6Onq6+zt7u/w8fLzw2MEGQMhziprMnZP9gFobqiN7hJ+Bnix0wqjHcW4nbQ1TSQ=": "gildong@example.com",
	} {
		got, err := DecryptLoginField(goldenLoginKey, goldenLoginAAD, wire)
		if err != nil || got != plain {
			t.Errorf("got %q, %v; want %q", got, err, plain)
		}
	}
}

func TestDecryptLoginFieldAcceptsUnpaddedBase64(t *testing.T) {
	t.Parallel()
	key := goldenLoginKey
	wire := strings.TrimRight(sealForTest(t, key, "a", "toss"), "=")
	if got, err := DecryptLoginField(key, "a", wire); err != nil || got != "toss" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestDecryptLoginFieldFailuresAreClearAndQuoteNothingSecret(t *testing.T) {
	t.Parallel()
	key := goldenLoginKey
	otherKey := bytes.Repeat([]byte{7}, 32)
	const plain = "secret-name-홍길동"
	wire := sealForTest(t, key, "TOSS", plain)

	cases := []struct {
		name     string
		key      []byte
		aad      string
		value    string
		wrongKey bool
		mention  string
	}{
		{"another key", otherKey, "TOSS", wire, true, "login_decryption_key or login_decryption_aad"},
		{"another AAD", key, "toss", wire, true, "login_decryption_key or login_decryption_aad"},
		{"tampered ciphertext", key, "TOSS", flipLastByte(t, wire), true, "authentication failed"},
		{"not Base64", key, "TOSS", "%%%not-base64%%%", false, "not Base64"},
		{"too short", key, "TOSS", base64.StdEncoding.EncodeToString(make([]byte, 27)), false, "too short"},
		{"short key", key[:16], "TOSS", wire, false, "32 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecryptLoginField(tc.key, tc.aad, tc.value)
			var de *LoginDecryptionError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *LoginDecryptionError", err)
			}
			if de.WrongKey != tc.wrongKey {
				t.Errorf("WrongKey = %v, want %v", de.WrongKey, tc.wrongKey)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.mention) {
				t.Errorf("error %q does not mention %q", msg, tc.mention)
			}
			for _, secret := range []string{wire, plain, base64.StdEncoding.EncodeToString(key), "TOSS", tc.value} {
				if len(secret) > 6 && strings.Contains(msg, secret) {
					t.Errorf("error %q quotes secret material %q", msg, secret)
				}
			}
		})
	}
}

func flipLastByte(t *testing.T, wire string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(wire)
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)-1] ^= 0x01
	return base64.StdEncoding.EncodeToString(raw)
}

// FuzzDecryptLoginField feeds arbitrary ciphertexts, keys and AADs: decryption either yields a
// value or an error that never quotes its input, and never panics.
func FuzzDecryptLoginField(f *testing.F) {
	key := bytes.Repeat([]byte{7}, 32)
	block, _ := aes.NewCipher(key)
	gcm, _ := cipher.NewGCM(block)
	iv := bytes.Repeat([]byte{1}, 12)
	sealed := base64.StdEncoding.EncodeToString(append(iv, gcm.Seal(nil, iv, []byte("홍길동"), []byte("TOSS"))...))
	f.Add(key, "TOSS", sealed)
	f.Add(key, "WRONG", sealed)
	f.Add(key[:16], "TOSS", sealed)
	f.Add(key, "TOSS", "not base64!")
	f.Add(key, "TOSS", base64.StdEncoding.EncodeToString([]byte("short")))
	f.Fuzz(func(t *testing.T, key []byte, aad, field string) {
		plain, err := DecryptLoginField(key, aad, field)
		if err != nil {
			if len(field) > 8 && strings.Contains(err.Error(), field) {
				t.Fatalf("the error quotes the ciphertext: %v", err)
			}
			return
		}
		if len(key) != 32 {
			t.Fatalf("decrypted %q with a %d-byte key", plain, len(key))
		}
	})
}
