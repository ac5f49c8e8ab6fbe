package org.entente.bench;

final class Placeholder {}
