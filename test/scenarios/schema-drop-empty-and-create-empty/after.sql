create schema "it's ""new""";
