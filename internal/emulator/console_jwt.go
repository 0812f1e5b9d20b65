package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// Console access tokens are JWTs (HS256) so that a client such as `appsintoss status` can show who
// is signed in and until when without asking the gateway. The key is random per emulator and
// replaced on revocation, which is how every outstanding access token stops verifying at once.

// consoleClaims are the claims of a console access token.
type consoleClaims struct {
	Issuer   string `json:"iss"`
	Subject  string `json:"sub"`
	Name     string `json:"name"`
	Audience string `json:"aud"`
	IssuedAt int64  `json:"iat"`
	Expiry   int64  `json:"exp"`
	ID       string `json:"jti"`
}

var jwtHeaderHS256 = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

var errBadJWT = errors.New("malformed or wrongly signed token")

func signJWT(key []byte, claims consoleClaims) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signingInput := jwtHeaderHS256 + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(jwtMAC(key, signingInput)), nil
}

// verifyJWT checks the signature and the header's algorithm and returns the claims; it does not
// judge expiry, issuer or audience (the caller does, against the emulator's clock).
func verifyJWT(key []byte, token string) (consoleClaims, error) {
	var claims consoleClaims
	header, rest, ok := strings.Cut(token, ".")
	if !ok || header != jwtHeaderHS256 {
		return claims, errBadJWT
	}
	payload, signature, ok := strings.Cut(rest, ".")
	if !ok {
		return claims, errBadJWT
	}
	got, err := base64.RawURLEncoding.DecodeString(signature)
	if err != nil || !hmac.Equal(got, jwtMAC(key, header+"."+payload)) {
		return claims, errBadJWT
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || json.Unmarshal(raw, &claims) != nil {
		return claims, errBadJWT
	}
	return claims, nil
}

func jwtMAC(key []byte, signingInput string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(signingInput))
	return mac.Sum(nil)
}
