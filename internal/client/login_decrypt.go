package client

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Decryption of login-me's personal fields (reference §2.5): AES-256-GCM under the 32-byte key the
// console e-mails, with the e-mailed AAD string as UTF-8 bytes. Each field travels as
// Base64(IV 12 bytes ‖ ciphertext ‖ tag 16 bytes) — the layout the docs' Java samples read with
// doFinal(decoded, 12, len-12).

const (
	loginKeyBytes = 32 // AES-256
	loginIVBytes  = 12 // GCM's standard nonce size
	loginTagBytes = 16 // 128-bit tag: GCMParameterSpec(16 * 8, iv)
)

// LoginDecryptionError says why a personal field of login-me could not be decrypted. It names the
// field and never carries the ciphertext, the key or the AAD.
type LoginDecryptionError struct {
	Field   string // the login-me JSON key, e.g. "name"
	Problem string
	// WrongKey is true when the ciphertext was well formed but GCM authentication failed: the
	// configured key or AAD is not the one this mini-app's fields were encrypted with.
	WrongKey bool
}

func (e *LoginDecryptionError) Error() string {
	if e.Field == "" {
		return "decrypting a login personal field: " + e.Problem
	}
	return fmt.Sprintf("decrypting the login-me field %q: %s", e.Field, e.Problem)
}

// DecryptLoginField decrypts one encrypted login-me field with key (32 bytes) and aad. The error,
// if any, is a *LoginDecryptionError whose text quotes neither the input nor the key.
func DecryptLoginField(key []byte, aad, field string) (string, error) {
	if len(key) != loginKeyBytes {
		return "", &LoginDecryptionError{Problem: fmt.Sprintf(
			"the login decryption key must be %d bytes (AES-256), got %d", loginKeyBytes, len(key))}
	}
	raw, err := decodeBase64Field(field)
	if err != nil {
		return "", &LoginDecryptionError{Problem: "the value is not Base64 text; Apps in Toss sends Base64(IV ‖ ciphertext ‖ tag)"}
	}
	if len(raw) < loginIVBytes+loginTagBytes {
		return "", &LoginDecryptionError{Problem: fmt.Sprintf(
			"the value decodes to %d bytes, too short to hold a %d-byte IV and a %d-byte tag",
			len(raw), loginIVBytes, loginTagBytes)}
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", &LoginDecryptionError{Problem: "the key is not a valid AES key"}
	}
	gcm, err := cipher.NewGCMWithTagSize(block, loginTagBytes)
	if err != nil {
		return "", &LoginDecryptionError{Problem: "AES-GCM is unavailable"}
	}
	plain, err := gcm.Open(nil, raw[:loginIVBytes], raw[loginIVBytes:], []byte(aad))
	if err != nil {
		return "", &LoginDecryptionError{WrongKey: true, Problem: "AES-GCM authentication failed: " +
			"login_decryption_key or login_decryption_aad is not the pair the Apps in Toss console e-mailed for " +
			"this mini-app (a key of another mini-app, an old key after re-issue, or a mistyped AAD)"}
	}
	return string(plain), nil
}

// decodeBase64Field accepts standard Base64 with or without padding (the docs' samples are
// padded; tolerating the unpadded form costs nothing) and ignores surrounding whitespace.
func decodeBase64Field(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "=") {
		return base64.StdEncoding.DecodeString(s)
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// decryptLoginField decrypts with the client's configured key and AAD and names the field in
// the error.
func (c *Client) decryptLoginField(name, value string) (string, error) {
	plain, err := DecryptLoginField(c.loginKey, c.loginAAD, value)
	if err != nil {
		var de *LoginDecryptionError
		if errors.As(err, &de) {
			de.Field = name
		}
		return "", err
	}
	return plain, nil
}
