#pragma once
// EXPECT_CONTAINS(text, fragment): the error-message check shared by the loader and .fqw tests.
#include <gtest/gtest.h>

#include <string>

#define EXPECT_CONTAINS(text_expression, fragment)                                   \
  do {                                                                               \
    const std::string contains_text_ = (text_expression);                            \
    EXPECT_NE(contains_text_.find(fragment), std::string::npos)                      \
        << "text: '" << contains_text_ << "'\nexpected to contain: '" << (fragment) << "'"; \
  } while (0)

// EXPECT_THROW_CONTAINS(statement, exception_type, fragment): throws that type, and its
// message contains the fragment.
#define EXPECT_THROW_CONTAINS(statement, exception_type, fragment)                   \
  do {                                                                               \
    try {                                                                            \
      statement;                                                                     \
      ADD_FAILURE() << "expected " #exception_type " containing '" << (fragment) << "'"; \
    } catch (const exception_type& error_) {                                         \
      EXPECT_CONTAINS(error_.what(), fragment);                                      \
    }                                                                                \
  } while (0)
