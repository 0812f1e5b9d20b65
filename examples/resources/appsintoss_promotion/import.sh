# A promotion is imported by its promotion_code (a 26-character ULID).
terraform import appsintoss_promotion.attendance 01JPPJ6SB66BQXXDAKRQZ6SZD7
