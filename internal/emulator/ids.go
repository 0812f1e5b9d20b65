package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"math/big"
	"strings"
	"time"

	"github.com/google/uuid"
)

// randomBytes reads n bytes from crypto/rand, which does not fail on supported platforms.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// randomBase64URL is an opaque token of n random bytes.
func randomBase64URL(n int) string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(n))
}

func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }

// userKeyMin and userKeyMax keep generated keys at nine digits, like the docs' samples
// (443731103); every key is a positive integer below 2^53, exact in any JSON parser.
const (
	userKeyMin = 100_000_000
	userKeyMax = 999_999_999
)

func randomUserKey() int64 {
	n, _ := rand.Int(rand.Reader, big.NewInt(userKeyMax-userKeyMin+1))
	return userKeyMin + n.Int64()
}

// payTokenAlphabet matches the sample payToken "O1NZck9XME8ureeVJVJP67": letters and digits.
const payTokenAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomAlnum is n letters/digits, e.g. a 22-character payToken (the OAS caps it at 30).
func randomAlnum(n int) string {
	var sb strings.Builder
	for _, b := range randomBytes(n) {
		sb.WriteByte(payTokenAlphabet[int(b)%len(payTokenAlphabet)])
	}
	return sb.String()
}

// crockford is the ULID alphabet.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newULID is a 26-character ULID (48-bit millisecond time + 80 random bits), the shape of the
// console's promotionCode (reference §6.1, e.g. 01JPPJ6SB66BQXXDAKRQZ6SZD7).
func newULID(now time.Time) string {
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[:8], uint64(now.UnixMilli())<<16)
	copy(raw[6:], randomBytes(10))
	n := new(big.Int).SetBytes(raw[:])
	out := make([]byte, 26)
	mask := big.NewInt(31)
	for i := 25; i >= 0; i-- {
		out[i] = crockford[new(big.Int).And(n, mask).Int64()]
		n.Rsh(n, 5)
	}
	return string(out)
}

// newUUIDv7 is an IAP orderId (reference §4.1: "주문번호(uuid v7)").
func newUUIDv7() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// kst is the zone of every wall-clock time the API prints without a zone.
var kst = time.FixedZone("KST", 9*60*60)

// payTime is Toss Pay's "yyyy-MM-dd HH:mm:ss" (approvalTime, createdTs, paidTs, regTs).
func payTime(t time.Time) string { return t.In(kst).Format("2006-01-02 15:04:05") }

// orderTime is get-order-status's statusDeterminedAt, "2025-09-12T16:57:12" with no zone.
func orderTime(t time.Time) string { return t.In(kst).Format("2006-01-02T15:04:05") }
