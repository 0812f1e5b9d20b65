package emulator

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
)

// encryptPersonalField encrypts one login-me field as the docs describe (reference §2.5):
// AES-256-GCM with the app's key, the AAD string as UTF-8 bytes, a random 12-byte IV, and the
// wire form Base64(IV ‖ ciphertext ‖ 16-byte tag) — what the Java samples' doFinal(decoded, 12,
// len-12) expects.
func encryptPersonalField(key []byte, aad, plaintext string) (string, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block) // 12-byte nonce, 16-byte tag
	if err != nil {
		return "", err
	}
	iv := randomBytes(gcm.NonceSize())
	sealed := gcm.Seal(iv, iv, []byte(plaintext), []byte(aad))
	return base64.StdEncoding.EncodeToString(sealed), nil
}

// DecryptPersonalField reverses encryptPersonalField with the Base64 key and AAD of
// login-secrets.json; tests and partner developers use it to read login-me answers.
func DecryptPersonalField(keyB64, aad, field string) (string, error) {
	key, err := decodeLoginKey(keyB64)
	if err != nil {
		return "", err
	}
	raw, err := base64.StdEncoding.DecodeString(field)
	if err != nil {
		return "", err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	if len(raw) < gcm.NonceSize()+gcm.Overhead() {
		return "", errShortCiphertext
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(aad))
	if err != nil {
		return "", err
	}
	return string(plain), nil
}

type cipherError string

func (e cipherError) Error() string { return string(e) }

const errShortCiphertext = cipherError("ciphertext shorter than IV and tag")
