package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// Who is signed in, read from the access token when it is a JWT (the emulator's are; the real
// gateway's format is not documented). The claims are shown, never trusted: nothing here decides
// anything, and the gateway verifies its own tokens.

type displayClaims struct {
	Subject string `json:"sub"`
	Name    string `json:"name"`
}

// who names the signed-in person by the access token's name and sub claims.
func who(accessToken string) string {
	claims, ok := jwtClaims(accessToken)
	if !ok {
		return "the gateway does not say (its access token is not a JWT)"
	}
	name, sub := printable(claims.Name), printable(claims.Subject)
	switch {
	case name != "" && sub != "":
		return fmt.Sprintf("%s (sub %s)", name, sub)
	case name != "":
		return name
	case sub != "":
		return "sub " + sub
	}
	return "the gateway does not say (its access token names no one)"
}

// jwtClaims decodes a JWT's payload without verifying it. Failures say nothing about the token.
func jwtClaims(token string) (displayClaims, bool) {
	var claims displayClaims
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		return claims, false
	}
	return claims, true
}

// printable drops control characters from text that came from elsewhere before it reaches a
// terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, s)
}
